import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bootstrapCi,
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  lightKappa,
  pairwiseKappas,
  percentAgreement,
  ratingMatrix,
  seededRandom,
  type RatingMatrix,
} from '../index';

const fixtures = path.join(import.meta.dirname, '..', '__fixtures__');
const reference = JSON.parse(fs.readFileSync(path.join(fixtures, 'reference.json'), 'utf8')) as {
  diagnoses: { fleissKappa: number; alphaNominal: number };
  anxiety: { fleissKappa: number; alphaNominal: number; alphaOrdinal: number; alphaInterval: number; kappa12: Record<'none' | 'linear' | 'quadratic', number> };
  krippendorff2011: Record<'nominal' | 'ordinal' | 'interval', number>;
};

/** A wide CSV (one row per case, one column per reader) as (case, reader, label) rows. */
function wide(file: string) {
  const lines = fs.readFileSync(path.join(fixtures, file), 'utf8').trim().split('\n').slice(1);
  return lines.flatMap((line, c) => line.split(',').map((v, r) => ({ caseId: `c${c}`, readerId: `r${r}`, label: v.replace(/"/g, '') })));
}

function fromColumns(columns: (number | null)[][]) {
  return columns.flatMap((col, r) => col.flatMap((v, c) => (v === null ? [] : [{ caseId: `u${c}`, readerId: `r${r}`, label: String(v) }])));
}

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('[STATS]: published worked examples', () => {
  it('Fleiss (1971): 30 patients × 6 psychiatrists, κ = 0.430, z = 17.7', () => {
    const { matrix } = ratingMatrix(wide('diagnoses.csv'));
    const k = value(fleissKappa(matrix));
    expect(k.value.toFixed(3)).toBe('0.430');
    expect(k.value).toBeCloseTo(reference.diagnoses.fleissKappa, 12);
    expect(k.z.toFixed(1)).toBe('17.7');
  });

  it('Krippendorff (2011): 4 coders × 12 units with missing data — nominal 0.743, ordinal 0.815, interval 0.849', () => {
    const { matrix } = ratingMatrix(
      fromColumns([
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
      ]),
    );
    for (const [level, printed] of [['nominal', '0.743'], ['ordinal', '0.815'], ['interval', '0.849']] as const) {
      const a = value(krippendorffAlpha(matrix, { level }));
      expect(a.toFixed(3)).toBe(printed);
      expect(a).toBeCloseTo(reference.krippendorff2011[level], 12);
    }
  });

  it('Cohen (1960): 200 items, 3 categories — p_o = .70, p_e = .41, κ = .492', () => {
    const table = [88, 14, 18, 10, 40, 10, 2, 6, 12];
    const k = value(cohenKappa(table, 3));
    expect(k.value.toFixed(3)).toBe('0.492');
    expect(k.value).toBeCloseTo((0.7 - 0.41) / 0.59, 12);
    expect(k.se!).toBeGreaterThan(0);
    expect(k.ci![0]).toBeLessThan(k.value);
  });
});

describe('[STATS]: independent reference computations (exact fractions, make-reference.py)', () => {
  it('diagnoses: Krippendorff nominal alpha', () => {
    expect(value(krippendorffAlpha(ratingMatrix(wide('diagnoses.csv')).matrix, { level: 'nominal' }))).toBeCloseTo(reference.diagnoses.alphaNominal, 12);
  });

  it('anxiety: Fleiss kappa, alpha at three levels, weighted kappas of raters 1 and 2', () => {
    const rows = wide('anxiety.csv');
    const { matrix } = ratingMatrix(rows);
    expect(value(fleissKappa(matrix)).value).toBeCloseTo(reference.anxiety.fleissKappa, 12);
    expect(value(krippendorffAlpha(matrix, { level: 'nominal' }))).toBeCloseTo(reference.anxiety.alphaNominal, 12);
    expect(value(krippendorffAlpha(matrix, { level: 'ordinal' }))).toBeCloseTo(reference.anxiety.alphaOrdinal, 12);
    expect(value(krippendorffAlpha(matrix, { level: 'interval' }))).toBeCloseTo(reference.anxiety.alphaInterval, 12);
    // The reference builds its table over all six levels 1..6 (some unused by these raters).
    const table = new Float64Array(36);
    const lines = fs.readFileSync(path.join(fixtures, 'anxiety.csv'), 'utf8').trim().split('\n').slice(1);
    for (const l of lines) {
      const [a, b] = l.split(',').map(Number);
      table[(a! - 1) * 6 + (b! - 1)]! += 1;
    }
    for (const w of ['none', 'linear', 'quadratic'] as const) expect(value(cohenKappa(table, 6, { weighting: w })).value).toBeCloseTo(reference.anxiety.kappa12[w], 12);
  });
});

function randomMatrix(seed: number, cases: number, readers: number, k: number, missing = 0): RatingMatrix {
  const rnd = seededRandom(seed);
  const rows = [];
  for (let c = 0; c < cases; c++) {
    const truth = Math.floor(rnd() * k);
    for (let r = 0; r < readers; r++) {
      if (rnd() < missing) continue;
      rows.push({ caseId: `c${c}`, readerId: `r${r}`, label: String(rnd() < 0.7 ? truth : Math.floor(rnd() * k)) });
    }
  }
  return ratingMatrix(rows).matrix;
}

describe('[STATS]: properties (seeded)', () => {
  const seeds = Array.from({ length: 40 }, (_, i) => 1000 + i);

  it.each(seeds)('seed %i: identical readers agree perfectly', (seed) => {
    const base = randomMatrix(seed, 30, 1, 4);
    const rows = [];
    for (let c = 0; c < base.nCases; c++) for (let r = 0; r < 3; r++) rows.push({ caseId: `c${c}`, readerId: `r${r}`, label: base.categories[base.data[c]!]! });
    const m = ratingMatrix(rows).matrix;
    if (m.categories.length < 2) return;
    expect(value(fleissKappa(m)).value).toBeCloseTo(1, 12);
    expect(value(krippendorffAlpha(m, { level: 'nominal' }))).toBeCloseTo(1, 12);
    expect(value(percentAgreement(m)).overall).toBe(1);
    expect(lightKappa(pairwiseKappas(m))).toBeCloseTo(1, 12);
  });

  it.each(seeds)('seed %i: symmetric in reader order, invariant to case order and label renaming; kappa ≤ 1', (seed) => {
    const m = randomMatrix(seed, 40, 4, 3, 0.1);
    const alpha = value(krippendorffAlpha(m, { level: 'nominal' }));
    const light = lightKappa(pairwiseKappas(m))!;
    // Readers reversed and cases reversed.
    const rev = { ...m, data: new Int32Array(m.data.length) };
    for (let c = 0; c < m.nCases; c++) for (let r = 0; r < m.nReaders; r++) rev.data[(m.nCases - 1 - c) * m.nReaders + (m.nReaders - 1 - r)] = m.data[c * m.nReaders + r]!;
    expect(value(krippendorffAlpha(rev, { level: 'nominal' }))).toBeCloseTo(alpha, 12);
    expect(lightKappa(pairwiseKappas(rev))).toBeCloseTo(light, 12);
    // Labels renamed (a permutation of category indices).
    const perm = [2, 0, 1];
    const renamed = { ...m, data: m.data.map((v) => (v < 0 ? v : perm[v]!)) };
    expect(value(krippendorffAlpha(renamed, { level: 'nominal' }))).toBeCloseTo(alpha, 12);
    for (const p of pairwiseKappas(m)) if (p.kappa) expect(p.kappa.value).toBeLessThanOrEqual(1 + 1e-12);
    expect(alpha).toBeLessThanOrEqual(1 + 1e-12);
  });
});

describe('[STATS]: degenerate input and shape errors', () => {
  it('one category everywhere: kappa and alpha are undefined, with a reason', () => {
    const m = ratingMatrix(fromColumns([[1, 1, 1], [1, 1, 1]])).matrix;
    const f = fleissKappa(m);
    expect(f.ok).toBe(false);
    expect(!f.ok && f.reason).toMatch(/every rating is the same category/);
    expect(krippendorffAlpha(m, { level: 'nominal' })).toMatchObject({ ok: false });
    expect(cohenKappa([3, 0, 0, 0], 2)).toMatchObject({ ok: false, reason: expect.stringMatching(/single category/) });
    expect(value(percentAgreement(m)).overall).toBe(1);
  });

  it('a single reader, or no overlap, is a reason and not a crash', () => {
    const one = ratingMatrix(fromColumns([[1, 2, 3]])).matrix;
    expect(krippendorffAlpha(one, { level: 'nominal' })).toMatchObject({ ok: false, reason: 'no case has two or more ratings' });
    expect(fleissKappa(one)).toMatchObject({ ok: false });
    expect(pairwiseKappas(one)).toEqual([]);
    expect(lightKappa([])).toBeNull();
    const disjoint = ratingMatrix(fromColumns([[1, 2, null, null], [null, null, 1, 2]])).matrix;
    expect(pairwiseKappas(disjoint)[0]).toMatchObject({ cases: 0, kappa: null, reason: 'no case was rated by both readers' });
  });

  it('unequal numbers of ratings: Fleiss refuses and points to alpha', () => {
    const m = ratingMatrix(fromColumns([[1, 2, 1], [1, 2, null], [2, 2, 1]])).matrix;
    expect(fleissKappa(m)).toMatchObject({ ok: false, reason: expect.stringMatching(/Krippendorff/) });
  });

  it('shape errors throw RangeError with an exact message', () => {
    expect(() => cohenKappa([1, 2, 3], 2)).toThrow(new RangeError('table must have k*k = 4 cells, got 3'));
    expect(() => ratingMatrix([{ caseId: 'a', readerId: 'r', label: 'x' }, { caseId: 'a', readerId: 'r', label: 'y' }])).toThrow(new RangeError('reader "r" rated case "a" twice'));
    const named = ratingMatrix([{ caseId: 'a', readerId: 'r', label: 'benign' }]).matrix;
    expect(() => krippendorffAlpha(named, { level: 'interval' })).toThrow(new RangeError('interval alpha needs numeric categories'));
  });

  it('bootstrap intervals are reproducible from the seed and bracket the estimate', () => {
    const { matrix } = ratingMatrix(wide('diagnoses.csv'));
    const stat = (m: RatingMatrix) => krippendorffAlpha(m, { level: 'nominal' });
    const a = bootstrapCi(matrix, stat, { random: seededRandom(7), resamples: 300 })!;
    const b = bootstrapCi(matrix, stat, { random: seededRandom(7), resamples: 300 })!;
    expect(a).toEqual(b);
    const est = value(stat(matrix));
    expect(a[0]).toBeLessThan(est);
    expect(a[1]).toBeGreaterThan(est);
  });
});
