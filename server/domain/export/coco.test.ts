import { describe, expect, it } from 'vitest';
import { sliceRle } from './coco';

/** COCO's own decoding of uncompressed RLE: runs alternate 0/1 down columns (Fortran order). */
function decode(rle: { size: number[]; counts: number[] }) {
  const [h, w] = rle.size as [number, number];
  const out = new Uint8Array(h * w);
  let pos = 0;
  rle.counts.forEach((n, i) => {
    for (let k = 0; k < n; k++, pos++) if (i % 2) out[(pos % h) * w + Math.floor(pos / h)] = 1;
  });
  expect(pos).toBe(h * w);
  return out;
}

describe('[EXPORT] COCO run-length encoding', () => {
  it('encodes a slice column by column, starting with zeros, with its area and box', () => {
    const [w, h] = [5, 4];
    const slice = new Uint8Array(w * h);
    for (const [x, y] of [[1, 0], [1, 1], [2, 1], [4, 3]] as const) slice[y * w + x] = 1;
    const padded = new Uint8Array(7 + w * h);
    padded.set(slice, 7);
    const { rle, area, bbox } = sliceRle(padded, 7, w, h);
    expect(rle.size).toEqual([h, w]);
    // Column 0: 4 zeros; column 1: two ones, two zeros; column 2: one zero, one one, two zeros; …
    expect(rle.counts).toEqual([4, 2, 3, 1, 9, 1]);
    expect([...decode(rle)]).toEqual([...slice]);
    expect(area).toBe(4);
    expect(bbox).toEqual([1, 0, 4, 4]);
    // A slice starting with a marked voxel opens with an empty run of zeros.
    const first = new Uint8Array(w * h);
    first[0] = 1;
    expect(sliceRle(first, 0, w, h).rle.counts).toEqual([0, 1, 19]);
  });
});
