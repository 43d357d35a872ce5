import type { RatingMatrix } from '../core/ratings';
import { fail, ok, type Result } from '../core/result';

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

export interface KrippendorffAlphaOptions {
  level: AlphaLevel;
}

/**
 * Krippendorff's alpha for any number of readers, missing ratings allowed (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability", and Content Analysis, 3rd ed., ch. 12).
 * From the coincidence matrix o_ck = Σ_u (number of c–k pairs in unit u) / (m_u − 1) over
 * units with m_u ≥ 2 ratings, n_c = Σ_k o_ck, n = Σ_c n_c:
 *
 *   α = 1 − (n − 1) · Σ_c Σ_k o_ck δ²_ck / Σ_c Σ_k n_c n_k δ²_ck
 *
 * δ²: nominal 1 if c ≠ k; interval (v_c − v_k)²; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
 * with categories in rank order.
 */
export function krippendorffAlpha(m: RatingMatrix, options: KrippendorffAlphaOptions): Result<number> {
  const k = m.categories.length;
  if (options.level !== 'nominal' && m.values.some((v) => Number.isNaN(v))) {
    throw new RangeError(`${options.level} alpha needs numeric categories`);
  }
  const o = new Float64Array(k * k);
  const unitCounts = new Float64Array(k);
  for (let c = 0; c < m.nCases; c++) {
    unitCounts.fill(0);
    let mu = 0;
    for (let r = 0; r < m.nReaders; r++) {
      const v = m.data[c * m.nReaders + r]!;
      if (v >= 0) {
        unitCounts[v]! += 1;
        mu++;
      }
    }
    if (mu < 2) continue;
    for (let a = 0; a < k; a++) {
      if (!unitCounts[a]) continue;
      for (let b = 0; b < k; b++) {
        const pairs = a === b ? unitCounts[a]! * (unitCounts[a]! - 1) : unitCounts[a]! * unitCounts[b]!;
        o[a * k + b]! += pairs / (mu - 1);
      }
    }
  }
  const nc = new Float64Array(k);
  let n = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    nc[a]! += o[a * k + b]!;
    n += o[a * k + b]!;
  }
  if (n === 0) return fail('no case has two or more ratings');
  const delta = distance(options.level, nc, m.values);
  let observed = 0;
  let expected = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    const d = delta(a, b);
    observed += o[a * k + b]! * d;
    expected += nc[a]! * nc[b]! * d;
  }
  if (expected === 0) return fail('alpha is undefined: all ratings are the same value (no variation to agree on)');
  return ok(1 - ((n - 1) * observed) / expected);
}

function distance(level: AlphaLevel, nc: Float64Array, values: Float64Array): (a: number, b: number) => number {
  if (level === 'nominal') return (a, b) => (a === b ? 0 : 1);
  if (level === 'interval') return (a, b) => (values[a]! - values[b]!) ** 2;
  // Ordinal: categories are indexed in rank order; cumulative sums make each δ² O(1).
  const cum = new Float64Array(nc.length + 1);
  for (let i = 0; i < nc.length; i++) cum[i + 1] = cum[i]! + nc[i]!;
  return (a, b) => {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    return (cum[hi + 1]! - cum[lo]! - (nc[a]! + nc[b]!) / 2) ** 2;
  };
}
