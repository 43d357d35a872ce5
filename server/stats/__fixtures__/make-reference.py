#!/usr/bin/env python3
"""Independent reference values for server/stats (see README.md). Standard library only, exact fractions."""
import csv, json, os
from fractions import Fraction as F
from itertools import permutations

HERE = os.path.dirname(os.path.abspath(__file__))

def read(name):
    with open(os.path.join(HERE, name)) as f:
        rows = list(csv.reader(f))
    return [[v for v in r] for r in rows[1:]]

def fleiss(units):
    cats = sorted({v for u in units for v in u})
    N, n = len(units), len(units[0])
    P = [sum(F(u.count(c) * (u.count(c) - 1)) for c in cats) / (n * (n - 1)) for u in units]
    pbar = sum(P) / N
    p = {c: F(sum(u.count(c) for u in units), N * n) for c in cats}
    pe = sum(x * x for x in p.values())
    return (pbar - pe) / (1 - pe)

def alpha(units, level):
    """Krippendorff (2011): alpha = 1 - D_o / D_e, enumerating pairs of values directly."""
    units = [[v for v in u if v is not None] for u in units]
    units = [u for u in units if len(u) >= 2]
    values = [v for u in units for v in u]
    n = len(values)
    cats = sorted(set(values))
    count = {c: values.count(c) for c in cats}
    def d2(a, b):
        if level == 'nominal':
            return F(0 if a == b else 1)
        if level == 'interval':
            return F(a - b) ** 2
        lo, hi = min(a, b), max(a, b)
        s = sum(count[g] for g in cats if lo <= g <= hi)
        return (F(s) - F(count[a] + count[b], 2)) ** 2
    Do = sum(sum(d2(a, b) for a, b in permutations(u, 2)) / (len(u) - 1) for u in units) / n
    De = sum(d2(a, b) for a, b in permutations(values, 2)) / (n * (n - 1))
    return 1 - Do / De

def kappa(table, weights):
    n = sum(map(sum, table)); k = len(table)
    row = [F(sum(table[i]), n) for i in range(k)]
    col = [F(sum(table[i][j] for i in range(k)), n) for j in range(k)]
    po = sum(weights[i][j] * F(table[i][j], n) for i in range(k) for j in range(k))
    pe = sum(weights[i][j] * row[i] * col[j] for i in range(k) for j in range(k))
    return (po - pe) / (1 - pe)

def weights(k, kind):
    if kind == 'none':
        return [[1 if i == j else 0 for j in range(k)] for i in range(k)]
    d = lambda i, j: F(abs(i - j), k - 1)
    return [[1 - d(i, j) if kind == 'linear' else 1 - d(i, j) ** 2 for j in range(k)] for i in range(k)]

diagnoses = read('diagnoses.csv')
anxiety = [[int(v) for v in r] for r in read('anxiety.csv')]
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders x 12 units, None = missing.
K = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
k_units = [list(u) for u in zip(*K)]
# Anxiety, raters 1 and 2 as a 6 x 6 table (categories 1..6) for weighted kappas.
t = [[0] * 6 for _ in range(6)]
for r in anxiety:
    t[r[0] - 1][r[1] - 1] += 1

out = {
    'diagnoses': {'fleissKappa': float(fleiss(diagnoses)), 'alphaNominal': float(alpha(diagnoses, 'nominal'))},
    'anxiety': {
        'fleissKappa': float(fleiss(anxiety)),
        'alphaNominal': float(alpha(anxiety, 'nominal')),
        'alphaOrdinal': float(alpha(anxiety, 'ordinal')),
        'alphaInterval': float(alpha(anxiety, 'interval')),
        'kappa12': {w: float(kappa(t, weights(6, w))) for w in ('none', 'linear', 'quadratic')},
    },
    'krippendorff2011': {lvl: float(alpha(k_units, lvl)) for lvl in ('nominal', 'ordinal', 'interval')},
}
print(json.dumps(out, indent=2))
