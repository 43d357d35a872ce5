import { describe, expect, it } from 'vitest';
import { sameBytes } from './bytes';

describe('sameBytes', () => {
  it('compares word-aligned slices a word at a time and catches a difference in any byte', () => {
    const a = new Uint8Array(64);
    const b = new Uint8Array(64);
    expect(sameBytes(a, b)).toBe(true);
    for (const at of [0, 1, 2, 3, 33, 63]) {
      b[at] = 7;
      expect(sameBytes(a, b)).toBe(false);
      b[at] = 0;
    }
  });

  it('treats a missing copy as all zero', () => {
    const a = new Uint8Array(16);
    expect(sameBytes(a, undefined)).toBe(true);
    a[15] = 1;
    expect(sameBytes(a, undefined)).toBe(false);
  });

  it('handles lengths and offsets that are not whole words, and lengths that differ', () => {
    const buf = new Uint8Array(23).fill(5);
    const a = buf.subarray(1, 22);
    const b = new Uint8Array(21).fill(5);
    expect(sameBytes(a, b)).toBe(true);
    b[20] = 4;
    expect(sameBytes(a, b)).toBe(false);
    expect(sameBytes(new Uint8Array(8), new Uint8Array(9))).toBe(false);
    expect(sameBytes(new Uint8Array(9).fill(1).subarray(1), undefined)).toBe(false);
  });
});
