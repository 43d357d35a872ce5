import { blandAltman } from './bland-altman';
import { icc } from './icc';

/**
 * Agreement of continuous measurements: ICCs over the cases every reader measured, and
 * Bland–Altman for every reader pair over the cases both measured. `values` is case-major
 * (NaN = not measured).
 */
export function continuousReport(values: Float64Array, cases: number, readers: number) {
  const complete: number[] = [];
  for (let c = 0; c < cases; c++) {
    let all = true;
    for (let r = 0; r < readers; r++) if (!Number.isFinite(values[c * readers + r]!)) all = false;
    if (all) for (let r = 0; r < readers; r++) complete.push(values[c * readers + r]!);
  }
  const column = (r: number) => Float64Array.from({ length: cases }, (_, c) => values[c * readers + r]!);
  const iccResult = icc(complete, complete.length / readers, readers);
  const pairs = [];
  for (let a = 0; a < readers; a++) for (let b = a + 1; b < readers; b++) {
    const r = blandAltman(column(a), column(b));
    pairs.push({ a, b, blandAltman: r.ok ? r.value : { value: null, reason: r.reason } });
  }
  return {
    cases,
    readers,
    icc: iccResult.ok ? { ...iccResult.value, cases: complete.length / readers } : { value: null, reason: iccResult.reason, cases: complete.length / readers },
    pairwise: pairs,
  };
}
