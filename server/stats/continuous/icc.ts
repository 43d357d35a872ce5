import { fQuantile } from '../core/distributions';
import { fail, ok, type Estimate, type Result } from '../core/result';

export interface IccOptions {
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
}

export interface Icc {
  /** Shrout & Fleiss (1979) forms; McGraw & Wong (1996) names in the JSDoc. */
  icc1_1: Estimate;
  icc2_1: Estimate;
  icc3_1: Estimate;
  icc1_k: Estimate;
  icc2_k: Estimate;
  icc3_k: Estimate;
  /** Mean squares of the two-way ANOVA (targets × readers) and the F tests. */
  anova: { bms: number; jms: number; wms: number; ems: number; fTargets: number; df1: number; df2Within: number; df2Residual: number };
  targets: number;
  readers: number;
}

/**
 * Intraclass correlations for n targets each measured by the same k readers (complete data),
 * Shrout & Fleiss (1979, Psychol Bull 86:420–428):
 *
 *   ICC(1,1) = (BMS − WMS) / (BMS + (k−1) WMS)                         one-way random    (McGraw & Wong ICC(1))
 *   ICC(2,1) = (BMS − EMS) / (BMS + (k−1) EMS + k (JMS − EMS)/n)        two-way random, absolute agreement (ICC(A,1))
 *   ICC(3,1) = (BMS − EMS) / (BMS + (k−1) EMS)                          two-way mixed, consistency (ICC(C,1))
 *   ICC(1,k) = (BMS − WMS)/BMS,  ICC(2,k) = (BMS − EMS)/(BMS + (JMS − EMS)/n),  ICC(3,k) = (BMS − EMS)/BMS
 *
 * Intervals: F-based for ICC(1,·) and ICC(3,·) (Shrout & Fleiss, Table 2); for ICC(2,·) the
 * Satterthwaite approximation of McGraw & Wong (1996, Psychol Methods 1:30–46, Table 7).
 * `values` is target-major: values[t * k + r].
 */
export function icc(values: ArrayLike<number>, targets: number, readers: number, options: IccOptions = {}): Result<Icc> {
  const n = targets;
  const k = readers;
  if (values.length !== n * k) throw new RangeError(`values must have targets*readers = ${n * k} entries, got ${values.length}`);
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) throw new RangeError(`values[${i}] is not a finite number`);
  if (n < 2 || k < 2) return fail('ICC needs at least two targets and two readers, each target measured by every reader');
  const alpha = 1 - (options.confidence ?? 0.95);

  let grand = 0;
  for (let i = 0; i < values.length; i++) grand += values[i]!;
  grand /= n * k;
  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(k);
  let ssTotal = 0;
  for (let t = 0; t < n; t++) for (let r = 0; r < k; r++) {
    const v = values[t * k + r]!;
    rowMean[t]! += v / k;
    colMean[r]! += v / n;
    ssTotal += (v - grand) ** 2;
  }
  let ssRows = 0;
  let ssCols = 0;
  for (let t = 0; t < n; t++) ssRows += k * (rowMean[t]! - grand) ** 2;
  for (let r = 0; r < k; r++) ssCols += n * (colMean[r]! - grand) ** 2;
  const bms = ssRows / (n - 1);
  const jms = ssCols / (k - 1);
  const wms = (ssTotal - ssRows) / (n * (k - 1));
  const ems = (ssTotal - ssRows - ssCols) / ((n - 1) * (k - 1));
  if (bms === 0 && wms === 0) return fail('ICC is undefined: every measurement is the same');

  const df1 = n - 1;
  const dfW = n * (k - 1);
  const dfE = (n - 1) * (k - 1);
  const q = (d1: number, d2: number) => fQuantile(1 - alpha / 2, d1, d2);
  const single = (f: number) => (f - 1) / (f + k - 1);
  const average = (f: number) => 1 - 1 / f;

  // ICC(1,·): F = BMS/WMS on (n−1, n(k−1)).
  const f1 = bms / wms;
  const f1L = f1 / q(df1, dfW);
  const f1U = f1 * q(dfW, df1);
  // ICC(3,·): F = BMS/EMS on (n−1, (n−1)(k−1)).
  const f3 = bms / ems;
  const f3L = f3 / q(df1, dfE);
  const f3U = f3 * q(dfE, df1);

  const v2 = (bms - ems) / (bms + (k - 1) * ems + (k * (jms - ems)) / n);
  // ICC(2,1) interval: Satterthwaite degrees of freedom for the denominator.
  const a = (k * v2) / (n * (1 - v2));
  const b = 1 + (k * v2 * (n - 1)) / (n * (1 - v2));
  const v = (a * jms + b * ems) ** 2 / ((a * jms) ** 2 / (k - 1) + (b * ems) ** 2 / ((n - 1) * (k - 1)));
  const fs = q(n - 1, v);
  const fss = q(v, n - 1);
  const l2 = (n * (bms - fs * ems)) / (fs * (k * jms + (k * n - k - n) * ems) + n * bms);
  const u2 = (n * (fss * bms - ems)) / (k * jms + (k * n - k - n) * ems + n * fss * bms);
  const spearmanBrown = (x: number) => (k * x) / (1 + (k - 1) * x);

  const est = (value: number, lo: number, hi: number): Estimate => ({ value, ci: [lo, hi], ciMethod: 'asymptotic' });
  return ok({
    icc1_1: est((bms - wms) / (bms + (k - 1) * wms), single(f1L), single(f1U)),
    icc2_1: est(v2, l2, u2),
    icc3_1: est((bms - ems) / (bms + (k - 1) * ems), single(f3L), single(f3U)),
    icc1_k: est((bms - wms) / bms, average(f1L), average(f1U)),
    icc2_k: est((bms - ems) / (bms + (jms - ems) / n), spearmanBrown(l2), spearmanBrown(u2)),
    icc3_k: est((bms - ems) / bms, average(f3L), average(f3U)),
    anova: { bms, jms, wms, ems, fTargets: f3, df1, df2Within: dfW, df2Residual: dfE },
    targets: n,
    readers: k,
  });
}
