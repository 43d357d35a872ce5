import { categoryCounts, type RatingMatrix } from '../core/ratings';
import { fail, ok, type Result } from '../core/result';

export interface PercentAgreement {
  /** Share of cases (with ≥ 2 ratings) on which every reader gave the same category. */
  overall: number;
  /** Mean over cases of the share of agreeing reader pairs (Fleiss' P̄, missing ratings allowed). */
  meanPairwise: number;
  /** Specific agreement per category: 2·(agreeing pairs in j) / (pairs involving j), Uebersax 1982 style; null if unused. */
  perCategory: (number | null)[];
  cases: number;
}

/**
 * Observed agreement, uncorrected for chance: overall (all readers agree), mean pairwise, and
 * per category (positive specific agreement generalised to many readers:
 * Σ_i n_ij (n_ij − 1) / Σ_i n_ij (n_i − 1)).
 */
export function percentAgreement(m: RatingMatrix): Result<PercentAgreement> {
  const k = m.categories.length;
  const { counts, raters } = categoryCounts(m);
  let cases = 0;
  let all = 0;
  let pairwise = 0;
  const agree = new Float64Array(k);
  const involve = new Float64Array(k);
  for (let c = 0; c < m.nCases; c++) {
    const n = raters[c]!;
    if (n < 2) continue;
    cases++;
    let same = 0;
    for (let j = 0; j < k; j++) {
      const x = counts[c * k + j]!;
      same += x * (x - 1);
      agree[j]! += x * (x - 1);
      involve[j]! += x * (n - 1);
      if (x === n) all++;
    }
    pairwise += same / (n * (n - 1));
  }
  if (!cases) return fail('no case has two or more ratings');
  return ok({ overall: all / cases, meanPairwise: pairwise / cases, perCategory: Array.from(agree, (a, j) => (involve[j] ? a / involve[j] : null)), cases });
}
