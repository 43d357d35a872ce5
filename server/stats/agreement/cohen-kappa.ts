import { fail, ok, type Estimate, type Result } from '../core/result';

export type KappaWeighting = 'none' | 'linear' | 'quadratic';

export interface CohenKappaOptions {
  /** Agreement weights: none (Cohen 1960), linear or quadratic (Cohen 1968), by category rank. */
  weighting?: KappaWeighting;
}

/** Agreement weight of categories i and j among k ordered categories. */
export function kappaWeight(i: number, j: number, k: number, weighting: KappaWeighting): number {
  if (weighting === 'none' || k < 2) return i === j ? 1 : 0;
  const d = Math.abs(i - j) / (k - 1);
  return weighting === 'linear' ? 1 - d : 1 - d * d;
}

/**
 * Cohen's kappa for two readers from their k × k contingency table of counts
 * (rows: reader A's category, columns: reader B's).
 *
 *   κ_w = (p_o − p_e) / (1 − p_e),  p_o = Σ w_ij p_ij,  p_e = Σ w_ij p_i· p_·j
 *
 * with w = identity for the unweighted kappa (Cohen 1960, Educ Psychol Meas 20:37–46) and
 * linear/quadratic agreement weights for the weighted kappa (Cohen 1968, Psychol Bull 70:213).
 * Standard error: the large-sample variance of Fleiss, Cohen & Everitt (1969, Psychol Bull
 * 72:323–327),
 *
 *   Var(κ_w) = [Σ p_ij (w_ij − (w̄_i· + w̄_·j)(1 − κ_w))² − (κ_w − p_e(1 − κ_w))²] / (N (1 − p_e)²),
 *   w̄_i· = Σ_j p_·j w_ij,  w̄_·j = Σ_i p_i· w_ij;
 *
 * the 95% interval is κ ± 1.96·SE (Wald).
 */
export function cohenKappa(table: ArrayLike<number>, k: number, options: CohenKappaOptions = {}): Result<Estimate> {
  if (table.length !== k * k) throw new RangeError(`table must have k*k = ${k * k} cells, got ${table.length}`);
  const weighting = options.weighting ?? 'none';
  let n = 0;
  for (let i = 0; i < table.length; i++) n += table[i]!;
  if (n === 0) return fail('no case was rated by both readers');
  const row = new Float64Array(k);
  const col = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    const p = table[i * k + j]! / n;
    row[i]! += p;
    col[j]! += p;
  }
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    const w = kappaWeight(i, j, k, weighting);
    po += w * (table[i * k + j]! / n);
    pe += w * row[i]! * col[j]!;
  }
  if (1 - pe < 1e-12) return fail('kappa is undefined: both readers used a single category throughout (expected agreement is 1)');
  const kappa = (po - pe) / (1 - pe);

  const wRow = new Float64Array(k);
  const wCol = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    const w = kappaWeight(i, j, k, weighting);
    wRow[i]! += col[j]! * w;
    wCol[j]! += row[i]! * w;
  }
  let sum = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    const d = kappaWeight(i, j, k, weighting) - (wRow[i]! + wCol[j]!) * (1 - kappa);
    sum += (table[i * k + j]! / n) * d * d;
  }
  const variance = (sum - (kappa - pe * (1 - kappa)) ** 2) / (n * (1 - pe) ** 2);
  const se = Math.sqrt(Math.max(0, variance));
  return ok({ value: kappa, se, ci: [kappa - 1.959963984540054 * se, kappa + 1.959963984540054 * se], ciMethod: 'asymptotic' });
}

/** The k × k table of two readers' categories over the cases both rated (indices, -1 = missing). */
export function contingencyTable(a: ArrayLike<number>, b: ArrayLike<number>, k: number): Float64Array {
  if (a.length !== b.length) throw new RangeError(`readers have ${a.length} and ${b.length} ratings; they must be aligned by case`);
  const table = new Float64Array(k * k);
  for (let i = 0; i < a.length; i++) if (a[i]! >= 0 && b[i]! >= 0) table[a[i]! * k + b[i]!]! += 1;
  return table;
}
