import { describe, expect, it } from 'vitest';
import type { TDetectionModelConfig } from './config';
import { detect, iou } from './detect';

// 4 × 4 inputs are below what a config may declare (8); the pipeline does not care.
const config: TDetectionModelConfig = {
  format: 'concord.model/1',
  name: 't',
  version: '1',
  description: '',
  task: 'detection',
  input: { name: 'x', width: 4, height: 4, channels: ['image'], normalization: { kind: 'unit' } },
  output: { name: 'y', kind: 'boxes', classes: [{ name: 'a', threshold: 0.5 }, { name: 'b', threshold: 0.8 }], nmsIou: 0.5, maxBoxes: 3 },
};
const slice = { width: 200, height: 100, data: new Array(20_000).fill(0) };
const fixed = (rows: number[][]) => async () => Float32Array.from(rows.flat());

describe('detection pipeline', () => {
  it('scales boxes to the slice, drops low scores and unknown classes, suppresses overlaps per class, keeps the best few', async () => {
    const found = await detect(config, fixed([
      [0.1, 0.2, 0.5, 0.6, 0.9, 0], // a: x 20–99, y 20–59
      [0.12, 0.2, 0.5, 0.6, 0.8, 0], // a, overlapping the first: suppressed
      [0.12, 0.2, 0.5, 0.6, 0.85, 1], // b: another class, kept
      [0.6, 0.6, 0.9, 0.9, 0.7, 1], // b below its threshold 0.8
      [0.6, 0.6, 0.9, 0.9, 0.99, 7], // unknown class
      [0.9, 0.9, 0.6, 0.6, 0.6, 0], // a, corners swapped: normalised
      [0, 0, 0.05, 0.05, 0.55, 0], // a, a fourth kept box over maxBoxes
    ]), slice);
    expect(found).toEqual([
      { name: 'a', box: { x0: 20, y0: 20, x1: 99, y1: 59 }, score: expect.closeTo(0.9, 6) as number },
      { name: 'b', box: { x0: 24, y0: 20, x1: 99, y1: 59 }, score: expect.closeTo(0.85, 6) as number },
      { name: 'a', box: { x0: 120, y0: 60, x1: 179, y1: 89 }, score: expect.closeTo(0.6, 6) as number },
    ]);
  });

  it('computes intersection over union of pixel boxes', () => {
    expect(iou({ x0: 0, y0: 0, x1: 9, y1: 9 }, { x0: 5, y0: 0, x1: 14, y1: 9 })).toBeCloseTo(50 / 150, 12);
    expect(iou({ x0: 0, y0: 0, x1: 9, y1: 9 }, { x0: 10, y0: 10, x1: 19, y1: 19 })).toBe(0);
  });
});
