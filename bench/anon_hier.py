#!/usr/bin/env python3
"""anon_hier.py - generalisation hierarchies (ARX's CSV format) for the 8 quasi-identifiers
of bench/gen_table.c's table, built from the values the table holds:

    python3 bench/anon_hier.py TABLE.csv OUTDIR

sex, race, marital, education: value, *; age: value, 5-, 10-, 20-year bands, *; zip: masked
from the right one digit per level; birth_ym: value, year, decade, *; income: value, 10,000
and 50,000 bands, *. A missing value generalises to "missing" and then to "*".
"""
import csv
import os
import sys

QIS = ["sex", "age", "birth_ym", "zip", "race", "marital", "education", "income"]


def band(v, width):
    lo = int(v) // width * width
    return "%d-%d" % (lo, lo + width - 1)


def levels(col, v):
    if v in ("", "NA", "NULL"):
        return {"sex": 0, "race": 0, "marital": 0, "education": 0, "age": 3, "zip": 5,
                "birth_ym": 2, "income": 2}[col] * ["missing"] + ["*"]
    if col == "age":
        return [band(v, 5), band(v, 10), band(v, 20), "*"]
    if col == "zip":
        return [v[: len(v) - i] + "*" * i for i in range(1, len(v) + 1)] + ["*"]
    if col == "birth_ym":
        return [v[:4], v[:3] + "0s", "*"]
    if col == "income":
        return [band(v, 10000), band(v, 50000), "*"]
    return ["*"]


def main():
    table, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    values = {c: set() for c in QIS}
    with open(table, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        idx = [header.index(c) for c in QIS]
        for r in rows:
            for c, i in zip(QIS, idx):
                values[c].add(r[i])
    for c in QIS:
        with open(os.path.join(out, c + ".csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, delimiter=";", lineterminator="\n")
            for v in sorted(values[c]):
                w.writerow([v] + levels(c, v))


if __name__ == "__main__":
    main()
