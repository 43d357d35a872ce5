import type { RatingMatrix } from '../core/ratings';
import type { Estimate } from '../core/result';
import { cohenKappa, contingencyTable, type KappaWeighting } from './cohen-kappa';

export interface PairKappa {
  a: number;
  b: number;
  /** Cases both readers rated. */
  cases: number;
  kappa: Estimate | null;
  reason?: string;
}

/** One reader's column of the matrix. */
export function readerColumn(m: RatingMatrix, r: number): Int32Array {
  const out = new Int32Array(m.nCases);
  for (let c = 0; c < m.nCases; c++) out[c] = m.data[c * m.nReaders + r]!;
  return out;
}

/** Cohen's kappa for every reader pair (a < b), over the cases both rated. */
export function pairwiseKappas(m: RatingMatrix, weighting: KappaWeighting = 'none'): PairKappa[] {
  const k = m.categories.length;
  const cols = Array.from({ length: m.nReaders }, (_, r) => readerColumn(m, r));
  const out: PairKappa[] = [];
  for (let a = 0; a < m.nReaders; a++) for (let b = a + 1; b < m.nReaders; b++) {
    const table = contingencyTable(cols[a]!, cols[b]!, k);
    const cases = table.reduce((s, x) => s + x, 0);
    const r = cohenKappa(table, k, { weighting });
    out.push(r.ok ? { a, b, cases, kappa: r.value } : { a, b, cases, kappa: null, reason: r.reason });
  }
  return out;
}

/**
 * Light's kappa (Light 1971, Psychol Bull 76:365–377): the mean of the pairwise Cohen kappas,
 * over the pairs where kappa is defined.
 */
export function lightKappa(pairs: PairKappa[]): number | null {
  const defined = pairs.filter((p) => p.kappa);
  return defined.length ? defined.reduce((s, p) => s + p.kappa!.value, 0) / defined.length : null;
}
