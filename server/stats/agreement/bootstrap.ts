import { selectCases, type RatingMatrix } from '../core/ratings';
import type { Result } from '../core/result';

export interface BootstrapOptions {
  /** Resamples (default 1000). */
  resamples?: number;
  /** A seeded generator in [0, 1): results are reproducible (server/stats never uses Math.random). */
  random: () => number;
}

/**
 * Percentile bootstrap 95% interval of a statistic, resampling cases with replacement
 * (Efron & Tibshirani 1993, ch. 13). Resamples where the statistic is undefined are dropped;
 * fewer than half defined → no interval.
 */
export function bootstrapCi(m: RatingMatrix, statistic: (m: RatingMatrix) => Result<number>, options: BootstrapOptions): [number, number] | null {
  const B = options.resamples ?? 1000;
  const picks = new Int32Array(m.nCases);
  const values: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < m.nCases; i++) picks[i] = Math.floor(options.random() * m.nCases);
    const r = statistic(selectCases(m, picks));
    if (r.ok && Number.isFinite(r.value)) values.push(r.value);
  }
  if (values.length < B / 2) return null;
  values.sort((x, y) => x - y);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))]!;
  return [at(0.025), at(0.975)];
}
