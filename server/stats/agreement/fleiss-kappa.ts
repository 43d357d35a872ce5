import { categoryCounts, type RatingMatrix } from '../core/ratings';
import { fail, ok, type Result } from '../core/result';

export interface FleissKappa {
  value: number;
  /** Standard error under the null hypothesis κ = 0 (Fleiss, Nee & Landis 1979), for the z test. */
  se0: number;
  z: number;
  /** Per-category kappas κ_j (Fleiss 1971, eq. 14). */
  perCategory: (number | null)[];
}

/**
 * Fleiss' kappa for any number of readers when every case has the same number n ≥ 2 of ratings
 * (Fleiss 1971, Psychol Bull 76:378–382):
 *
 *   P_i = Σ_j n_ij (n_ij − 1) / (n(n − 1)),  P̄ = mean P_i,  p_j = Σ_i n_ij / (N n),
 *   P̄_e = Σ p_j²,  κ = (P̄ − P̄_e) / (1 − P̄_e).
 *
 * se0 = √2 / (Σ p_j q_j √(N n (n − 1))) · √((Σ p_j q_j)² − Σ p_j q_j (q_j − p_j)),  q_j = 1 − p_j
 * (Fleiss, Nee & Landis 1979, Psychol Bull 86:974–977), valid only under κ = 0; intervals come
 * from the bootstrap over cases (see bootstrap.ts).
 */
export function fleissKappa(m: RatingMatrix): Result<FleissKappa> {
  const k = m.categories.length;
  const { counts, raters } = categoryCounts(m);
  const rated: number[] = [];
  for (let c = 0; c < m.nCases; c++) if (raters[c]! > 0) rated.push(c);
  if (!rated.length) return fail('no ratings');
  const n = raters[rated[0]!]!;
  if (rated.some((c) => raters[c] !== n)) return fail('Fleiss’ kappa needs the same number of ratings on every case; use Krippendorff’s alpha');
  if (n < 2) return fail('Fleiss’ kappa needs at least two ratings per case');
  const N = rated.length;
  const p = new Float64Array(k);
  let pBar = 0;
  for (const c of rated) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const x = counts[c * k + j]!;
      s += x * (x - 1);
      p[j]! += x / (N * n);
    }
    pBar += s / (n * (n - 1)) / N;
  }
  let pe = 0;
  let pq = 0;
  let pqqp = 0;
  for (let j = 0; j < k; j++) {
    const q = 1 - p[j]!;
    pe += p[j]! * p[j]!;
    pq += p[j]! * q;
    pqqp += p[j]! * q * (q - p[j]!);
  }
  if (1 - pe < 1e-12) return fail('kappa is undefined: every rating is the same category');
  const value = (pBar - pe) / (1 - pe);
  const se0 = (Math.SQRT2 / (pq * Math.sqrt(N * n * (n - 1)))) * Math.sqrt(Math.max(0, pq * pq - pqqp));
  const perCategory = Array.from(p, (pj, j) => {
    if (pj === 0 || pj === 1) return null;
    let s = 0;
    for (const c of rated) {
      const x = counts[c * k + j]!;
      s += x * (n - x);
    }
    return 1 - s / (N * n * (n - 1) * pj * (1 - pj));
  });
  return ok({ value, se0, z: value / se0, perCategory });
}
