import { tQuantileTwoSided } from '../core/distributions';
import { fail, ok, type Estimate, type Result } from '../core/result';

export interface BlandAltman {
  n: number;
  /** Mean difference a − b, with its t-based 95% interval. */
  bias: Estimate;
  sd: number;
  /** bias ± 1.96 SD, each with the approximate interval of Bland & Altman (1986): ± t · SD · √(3/n). */
  lower: Estimate;
  upper: Estimate;
}

/**
 * Bland–Altman agreement of two readers' paired measurements (Bland & Altman 1986, Lancet
 * 327:307–310; the limits' standard error √(3 s²/n) from §"Precision of estimated limits").
 * Pairs with a missing (NaN) side are skipped.
 */
export function blandAltman(a: ArrayLike<number>, b: ArrayLike<number>): Result<BlandAltman> {
  if (a.length !== b.length) throw new RangeError(`readers have ${a.length} and ${b.length} measurements; they must be aligned by case`);
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) d.push(a[i]! - b[i]!);
  const n = d.length;
  if (n < 2) return fail('Bland–Altman needs at least two cases measured by both readers');
  const bias = d.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - bias) ** 2, 0) / (n - 1));
  const t = tQuantileTwoSided(0.05, n - 1);
  const z = 1.959963984540054;
  const seBias = sd / Math.sqrt(n);
  const seLimit = sd * Math.sqrt(3 / n);
  const limit = (v: number): Estimate => ({ value: v, se: seLimit, ci: [v - t * seLimit, v + t * seLimit], ciMethod: 'asymptotic' });
  return ok({ n, bias: { value: bias, se: seBias, ci: [bias - t * seBias, bias + t * seBias], ciMethod: 'asymptotic' }, sd, lower: limit(bias - z * sd), upper: limit(bias + z * sd) });
}
