/** A number with `digits` decimals, or — for null. */
export const fixed = (v: number | null | undefined, digits: number) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** A statistic as "0.43 [0.30, 0.56]". */
export function statText(s: { value: number | null; ci?: [number, number]; reason?: string }) {
  if (s.value === null) return s.reason ?? 'undefined';
  return s.ci ? `${fixed(s.value, 3)} [${fixed(s.ci[0], 3)}, ${fixed(s.ci[1], 3)}]` : fixed(s.value, 3);
}
