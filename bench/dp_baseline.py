#!/usr/bin/env python3
"""dp_baseline.py - the Python baseline of bench/dp_bench.sh: count and sum per group with the
csv module and a dict, the way a short analysis script would (no privacy).

    python3 bench/dp_baseline.py FILE BY VALUE
"""
import csv
import sys


def main():
    path, by, value = sys.argv[1:4]
    count, total = {}, {}
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        g, v = header.index(by), header.index(value)
        for row in rows:
            key = row[g]
            count[key] = count.get(key, 0) + 1
            x = row[v]
            if x not in ("", "NA", "NULL"):
                total[key] = total.get(key, 0.0) + float(x)
    for key in sorted(count):
        print(f"{key},{count[key]},{total.get(key, 0.0):.2f}")


if __name__ == "__main__":
    main()
