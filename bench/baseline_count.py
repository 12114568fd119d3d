#!/usr/bin/env python3
"""Baseline for bench/risk_bench.sh: equivalence classes of a CSV with the standard library.

    baseline_count.py FILE QI[,QI...]

Reads FILE with the csv module, counts the tuple of QI values of each row in a dict
(collections.Counter) and prints the same key figures as `outis risk`:

    records N
    classes N
    k N
    uniques N

Values are compared as raw strings: "" and "NA" are different values here, while outis
reads both as one missing value. bench/gen_table.c uses a single spelling of missing per
column, so on its tables the figures agree with outis.
"""
import collections
import csv
import operator
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: baseline_count.py FILE QI[,QI...]")
    path, qi = sys.argv[1], sys.argv[2].split(",")
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        try:
            idx = [header.index(name) for name in qi]
        except ValueError as e:
            sys.exit("baseline_count.py: %s (columns: %s)" % (e, ", ".join(header)))
        key = operator.itemgetter(*idx)
        if len(idx) == 1:  # itemgetter of one index returns the value, not a tuple
            one = key
            key = lambda row: (one(row),)  # noqa: E731
        counts = collections.Counter(map(key, reader))
    records = sum(counts.values())
    sizes = counts.values()
    print("records", records)
    print("classes", len(counts))
    print("k", min(sizes) if counts else 0)
    print("uniques", sum(1 for n in sizes if n == 1))


if __name__ == "__main__":
    main()
