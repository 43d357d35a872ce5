import { describe, expect, it } from 'vitest';
import type { TAutoSegmentationModelConfig } from './config';
import { segment, wholeSliceInput } from './segment';

// 4 × 4 inputs are below what a config may declare (8); the pipeline does not care.
const config: TAutoSegmentationModelConfig = {
  format: 'concord.model/1',
  name: 't',
  version: '1',
  task: 'automatic-segmentation',
  input: { name: 'x', width: 4, height: 4, channels: ['image'], normalization: { kind: 'unit' } },
  description: '',
  output: { name: 'y', kind: 'masks', classes: [{ name: 'a', threshold: 0.5 }, { name: 'b', threshold: 0.6 }] },
  postprocess: { largestComponent: false, fillHoles: false, minSizePx: 0 },
};

/** A fake model returning fixed probability planes (4 × 4 per class). */
const fixed = (planes: number[][]) => async () => Float32Array.from(planes.flat());

describe('automatic segmentation pipeline', () => {
  it('feeds the whole slice resampled to the input grid', () => {
    // 8 × 8 slice of 2 × 2 blocks: each model pixel is the mean of one block.
    const data = Array.from({ length: 64 }, (_, i) => (Math.floor((i % 8) / 2) + 4 * Math.floor(Math.floor(i / 8) / 2)) * 17);
    const input = wholeSliceInput(config, { width: 8, height: 8, data });
    expect(Array.from(input, (v) => Math.round(v * 255))).toEqual(Array.from({ length: 16 }, (_, i) => i * 17));
  });

  it('gives each pixel to its most probable class above that class threshold; classes never overlap', async () => {
    const a = [0.9, 0.9, 0.1, 0.1, 0.9, 0.9, 0.1, 0.1, 0.7, 0.7, 0.1, 0.1, 0, 0, 0, 0];
    const b = [0.1, 0.1, 0.9, 0.9, 0.1, 0.1, 0.9, 0.9, 0.8, 0.8, 0.55, 0.55, 0, 0, 0, 0];
    const [ma, mb] = await segment(config, fixed([a, b]), { width: 4, height: 4, data: new Array(16).fill(0) });
    expect(Array.from(ma!.mask)).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // 0.55 is below b's threshold (0.6); on row 2, b (0.8) beats a (0.7).
    expect(Array.from(mb!.mask)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect([ma!.pixels, mb!.pixels]).toEqual([4, 6]);
  });

  it('resamples probabilities to a larger slice and post-processes each class', async () => {
    const post = { ...config, postprocess: { largestComponent: true, fillHoles: true, minSizePx: 3 } };
    // Class a: a ring with a hole plus a stray pixel in the far corner; class b: nothing.
    const a = [1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1];
    const b = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const [ma, mb] = await segment(post, fixed([a, b]), { width: 8, height: 8, data: new Array(64).fill(0) });
    // The ring (6 × 6 after bilinear resampling at 0.5) with its hole filled; the stray corner dropped.
    expect(ma!.mask[7 * 8 + 7]).toBe(0);
    expect(ma!.mask[2 * 8 + 2]).toBe(1);
    expect(ma!.pixels).toBe(36);
    expect(mb!.pixels).toBe(0);
  });
});
