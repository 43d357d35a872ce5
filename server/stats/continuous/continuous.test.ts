import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blandAltman, fCdf, fQuantile, icc, seededRandom, tQuantileTwoSided } from '../index';

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('[STATS]: distributions', () => {
  it('matches printed F and t tables', () => {
    expect(fQuantile(0.975, 5, 18).toFixed(4)).toBe('3.3820');
    expect(fQuantile(0.95, 3, 10).toFixed(4)).toBe('3.7083');
    expect(tQuantileTwoSided(0.05, 10).toFixed(3)).toBe('2.228');
    expect(tQuantileTwoSided(0.05, 1).toFixed(3)).toBe('12.706');
    expect(fCdf(fQuantile(0.3, 7, 4), 7, 4)).toBeCloseTo(0.3, 12);
    expect(() => fQuantile(1, 2, 2)).toThrow(new RangeError('p must be in (0, 1), got 1'));
  });
});

describe('[STATS]: intraclass correlation', () => {
  // Shrout & Fleiss (1979), Table 1: 6 targets rated by 4 judges.
  const sf = [9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7];

  it('Shrout & Fleiss (1979): all six ICCs as printed (.17 .29 .71 .44 .62 .91)', () => {
    const r = value(icc(sf, 6, 4));
    const printed = { icc1_1: '0.17', icc2_1: '0.29', icc3_1: '0.71', icc1_k: '0.44', icc2_k: '0.62', icc3_k: '0.91' } as const;
    for (const [key, text] of Object.entries(printed)) expect(r[key as keyof typeof printed].value.toFixed(2), key).toBe(text);
    expect(r.anova.fTargets.toFixed(1)).toBe('11.0');
    expect((r.anova.bms / r.anova.wms).toFixed(1)).toBe('1.8');
  });

  it('Shrout & Fleiss (1979): confidence intervals as R psych::ICC prints them', () => {
    const r = value(icc(sf, 6, 4));
    const expected: Record<'icc1_1' | 'icc2_1' | 'icc3_1' | 'icc1_k' | 'icc2_k' | 'icc3_k', [string, string]> = {
      icc1_1: ['-0.133', '0.72'],
      icc2_1: ['0.019', '0.76'],
      icc3_1: ['0.342', '0.95'],
      icc1_k: ['-0.884', '0.91'],
      icc2_k: ['0.071', '0.93'],
      icc3_k: ['0.676', '0.99'],
    };
    for (const [key, [lo, hi]] of Object.entries(expected) as [keyof typeof expected, [string, string]][]) {
      expect(r[key].ci![0].toFixed(3), key).toBe(lo);
      expect(r[key].ci![1].toFixed(2), key).toBe(hi);
    }
  });

  it('irr anxiety (20 × 3): ICC(A,1) = 0.198, ICC(C,1) = 0.216', () => {
    const text = fs.readFileSync(path.join(import.meta.dirname, '..', '__fixtures__', 'anxiety.csv'), 'utf8').trim().split('\n').slice(1);
    const values = text.flatMap((l) => l.split(',').map(Number));
    const r = value(icc(values, 20, 3));
    expect(r.icc2_1.value.toFixed(3)).toBe('0.198');
    expect(r.icc3_1.value.toFixed(3)).toBe('0.216');
  });

  it('identical readers: every ICC is 1; reader order does not matter', () => {
    const rnd = seededRandom(3);
    const truth = Array.from({ length: 15 }, () => rnd() * 10);
    const same = truth.flatMap((t) => [t, t, t]);
    const r = value(icc(same, 15, 3));
    for (const key of ['icc1_1', 'icc2_1', 'icc3_1', 'icc1_k', 'icc2_k', 'icc3_k'] as const) expect(r[key].value).toBeCloseTo(1, 12);
    const noisy = truth.flatMap((t) => [t + rnd(), t - rnd(), t + 2 * rnd()]);
    const swapped = truth.flatMap((_, i) => [noisy[i * 3 + 2]!, noisy[i * 3]!, noisy[i * 3 + 1]!]);
    expect(value(icc(swapped, 15, 3)).icc2_1.value).toBeCloseTo(value(icc(noisy, 15, 3)).icc2_1.value, 12);
  });

  it('degenerate and malformed input', () => {
    expect(icc([1, 1, 1, 1], 2, 2)).toMatchObject({ ok: false, reason: 'ICC is undefined: every measurement is the same' });
    expect(icc([1, 2], 1, 2)).toMatchObject({ ok: false });
    expect(() => icc([1, 2, 3], 2, 2)).toThrow(new RangeError('values must have targets*readers = 4 entries, got 3'));
    expect(() => icc([1, NaN, 3, 4], 2, 2)).toThrow(new RangeError('values[1] is not a finite number'));
  });
});

describe('[STATS]: Bland–Altman', () => {
  it('hand-computable pair: differences 1, 2, 3, 4 → bias 2.5, SD 1.291', () => {
    const r = value(blandAltman([11, 12, 13, 14], [10, 10, 10, 10]));
    expect(r.bias.value).toBe(2.5);
    expect(r.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(r.lower.value).toBeCloseTo(2.5 - 1.959963984540054 * Math.sqrt(5 / 3), 12);
    const t = 3.182446305284263; // t_{0.975, 3}
    expect(r.bias.ci![1]).toBeCloseTo(2.5 + (t * Math.sqrt(5 / 3)) / 2, 9);
    expect(r.upper.ci![1] - r.upper.value).toBeCloseTo(t * Math.sqrt(5 / 3) * Math.sqrt(3 / 4), 9);
  });

  it('skips missing pairs, is antisymmetric in reader order, and refuses too little data', () => {
    const ab = value(blandAltman([1, 2, NaN, 4, 7], [1.5, 2.5, 3, 3, 6]));
    const ba = value(blandAltman([1.5, 2.5, 3, 3, 6], [1, 2, NaN, 4, 7]));
    expect(ab.n).toBe(4);
    expect(ba.bias.value).toBeCloseTo(-ab.bias.value, 12);
    expect(ba.sd).toBeCloseTo(ab.sd, 12);
    expect(blandAltman([1], [2])).toMatchObject({ ok: false });
    expect(() => blandAltman([1, 2], [1])).toThrow(RangeError);
  });
});
