#!/usr/bin/env python3
"""Independent reference figures for tests/oracle/test_adult.c, computed with the standard
library only (csv, collections, math) from ../shared/data/adult/adult.csv.
Run: python3 tests/oracle/adult_reference.py ../shared/data/adult/adult.csv"""
import csv, math, sys
from collections import Counter, defaultdict

path = sys.argv[1]
with open(path, newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f, delimiter=';'))
head, rows = rows[0], rows[1:]
ix = {h: i for i, h in enumerate(head)}
def report(qi):
  print('qi', ','.join(qi))
  key = lambda r: tuple(r[ix[c]] for c in qi)
  cls = Counter(key(r) for r in rows)
  n, u = len(rows), len(cls)
  sizes = list(cls.values())
  print('records', n)
  print('classes', u)
  print('k', min(sizes), 'largest', max(sizes))
  print('uniques', sum(1 for s in sizes if s == 1))
  print('lt5', sum(s for s in sizes if s < 5), 'lt10', sum(s for s in sizes if s < 10))
  print('at_risk_0.2 %.10f' % (sum(s for s in sizes if 1 / s > 0.2) / n))
  print('prosecutor_avg %.10f' % (u / n))
  for sa in ['occupation', 'salary-class']:
      per = defaultdict(Counter)
      for r in rows:
          per[key(r)][r[ix[sa]]] += 1
      q = Counter(r[ix[sa]] for r in rows)
      dl = min(len(c) for c in per.values())
      el = min(math.exp(-sum(v / sum(c.values()) * math.log(v / sum(c.values()))
                             for v in c.values())) for c in per.values())
      def rec(c, l=2):
          v = sorted(c.values(), reverse=True)
          return math.inf if len(v) < l else v[0] / sum(v[l - 1:])
      rc = max(rec(c) for c in per.values())
      def tv(c):
          s = sum(c.values())
          return 0.5 * sum(abs(c.get(x, 0) / s - q[x] / n) for x in q)
      t = max(tv(c) for c in per.values())
      print(sa, 'distinct_l', dl, 'entropy_l %.10f' % el, 'recursive_c', rc, 't %.10f' % t)
  pairs = {}
  for a in range(len(qi)):
      for b in range(a + 1, len(qi)):
          c = Counter((r[ix[qi[a]]], r[ix[qi[b]]]) for r in rows)
          print('pair', qi[a], qi[b], 'distinct', len(c),
                'uniques', sum(1 for v in c.values() if v == 1))

report(['sex', 'age', 'race', 'marital-status'])
report(['sex', 'race', 'marital-status'])
report(['sex', 'race'])
