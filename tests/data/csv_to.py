#!/usr/bin/env python3
"""Writes the records of a CSV file as JSON Lines or as a table of an SQLite database, for
the golden tests of those inputs: whole numbers (as written) become JSON numbers and SQLite
integers, empty fields null (NULL), the rest strings (text). Other tables of an existing
database stay.

usage: csv_to.py jsonl IN.csv OUT.jsonl
       csv_to.py sqlite IN.csv OUT.db TABLE
"""
import csv
import json
import sqlite3
import sys


def value(s):
    if s == "":
        return None
    if s.lstrip("-").isdigit() and str(int(s)) == s:
        return int(s)
    return s


def main():
    kind, src, out = sys.argv[1:4]
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, records = rows[0], [[value(v) for v in r] for r in rows[1:]]
    if kind == "jsonl":
        with open(out, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(dict(zip(header, r)), ensure_ascii=False) + "\n")
        return
    table = sys.argv[4]
    db = sqlite3.connect(out)
    quote = lambda name: '"' + name.replace('"', '""') + '"'
    db.execute("CREATE TABLE %s(%s)" % (quote(table), ", ".join(map(quote, header))))
    db.executemany("INSERT INTO %s VALUES (%s)" % (quote(table), ", ".join("?" * len(header))),
                   records)
    db.commit()
    db.close()


if __name__ == "__main__":
    main()
