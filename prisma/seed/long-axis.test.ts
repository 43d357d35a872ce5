import { describe, expect, it } from 'vitest';
import { longAxis } from './demo-reads';

describe('[SEED] the demo readers’ long axis', () => {
  it('is the longest chord between pixel centres of the mask', () => {
    // A 4 × 3 rectangle at (2, 1) in a 10 × 6 image, and one stray pixel far off to the right on row 5.
    const columns = 10;
    const mask = new Uint8Array(60);
    for (let y = 1; y < 4; y++) for (let x = 2; x < 6; x++) mask[y * columns + x] = 1;
    const [a, b] = longAxis(mask, columns);
    expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeCloseTo(Math.hypot(3, 2), 12);
    mask[5 * columns + 9] = 1;
    expect(longAxis(mask, columns)).toEqual([[2, 1], [9, 5]]);
  });
});
