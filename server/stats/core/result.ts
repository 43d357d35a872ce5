/** An expected failure (degenerate input) is a value, not an exception: callers must look. */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(reason: string): Result<T> => ({ ok: false, reason });

/** A statistic with its uncertainty where one is available. */
export interface Estimate {
  value: number;
  /** Standard error (asymptotic), when a standard formula exists. */
  se?: number;
  /** 95% confidence interval [low, high]. */
  ci?: [number, number];
  /** How `ci` was obtained. */
  ciMethod?: 'asymptotic' | 'bootstrap';
}
