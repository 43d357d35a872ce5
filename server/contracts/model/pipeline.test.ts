import { describe, expect, it } from 'vitest';
import { boxMap, clickMap, deepestPoint, dice, fillHoles, keepRegion, normalize, pasteMask, sampleCrop } from './pipeline';

const grid = (w: number, h: number, f: (x: number, y: number) => number) => Uint8Array.from({ length: w * h }, (_, i) => f(i % w, Math.floor(i / w)));

describe('[MODEL] pre- and post-processing', () => {
  it('samples a crop that matches the slice one-to-one as the identity, and reads outside as 0', () => {
    const slice = { width: 8, height: 8, data: grid(8, 8, (x, y) => x + 10 * y) };
    expect([...sampleCrop(slice, { x0: 0, y0: 0, side: 8 }, 8)]).toEqual([...slice.data]);
    // Shifted by 4: the first samples lie outside.
    const shifted = sampleCrop(slice, { x0: -4, y0: -4, side: 16 }, 16);
    expect(shifted[0]).toBe(0);
    expect(shifted[8 * 16 + 8]).toBe(44);
    // Half resolution: each sample sits between two pixels in x and y (bilinear mean of four).
    const half = sampleCrop(slice, { x0: 0, y0: 0, side: 8 }, 4);
    for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) expect(half[j * 4 + i]).toBeCloseTo(2 * i + 0.5 + 10 * (2 * j + 0.5), 9);
  });

  it('normalises by z-score, unit, window and percentile', () => {
    const v = Float32Array.from([0, 50, 100, 150, 200]);
    normalize(v, { kind: 'zscore' });
    expect(v.reduce((s, x) => s + x, 0)).toBeCloseTo(0, 6);
    expect(Math.sqrt(v.reduce((s, x) => s + x * x, 0) / 5)).toBeCloseTo(1, 6);
    const w = Float32Array.from([-1000, 40, 240]);
    normalize(w, { kind: 'window', center: 40, width: 400 });
    expect([...w]).toEqual([0, 0.5, 1]);
    const p = Float32Array.from([0, 10, 20, 30, 40]);
    normalize(p, { kind: 'percentile', low: 0, high: 100 });
    expect([...p]).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('encodes a click as a Gaussian centred on the pixel and a box as the model pixels inside it', () => {
    const c = clickMap(3, 5, { x0: 0, y0: 0, side: 8 }, 8, 1.5);
    expect(c[5 * 8 + 3]).toBe(1);
    expect(c[5 * 8 + 4]).toBeCloseTo(Math.exp(-1 / 4.5), 6);
    const b = boxMap({ x0: 2, y0: 1, x1: 4, y1: 2 }, { x0: 0, y0: 0, side: 8 }, 8);
    expect([...b].reduce((s, v) => s + v, 0)).toBe(6);
    expect(b[1 * 8 + 2]).toBe(1);
    expect(b[3 * 8 + 2]).toBe(0);
  });

  it('pastes a model-grid mask back onto the slice at the crop', () => {
    const prob = Float32Array.from({ length: 16 }, (_, i) => (i % 4 >= 2 ? 0.9 : 0.1));
    const m = pasteMask(prob, 4, { x0: 2, y0: 2, side: 4 }, { width: 8, height: 8 }, 0.5);
    expect(m).toEqual(grid(8, 8, (x, y) => (x >= 4 && x < 6 && y >= 2 && y < 6 ? 1 : 0)));
  });

  it('keeps the region under the click, fills holes, finds the deepest interior point, and measures Dice', () => {
    const ring = grid(9, 9, (x, y) => (Math.max(Math.abs(x - 4), Math.abs(y - 4)) === 2 ? 1 : 0));
    const filled = fillHoles(ring, 9, 9);
    expect(filled.reduce((s, v) => s + v, 0)).toBe(25);
    const two = grid(9, 9, (x, y) => ((x < 2 && y < 2) || (x > 4 && y > 4) ? 1 : 0));
    expect(keepRegion(two, 9, 9, { x: 0, y: 0 }).reduce((s, v) => s + v, 0)).toBe(4);
    expect(keepRegion(two, 9, 9, { x: 3, y: 3 }).reduce((s, v) => s + v, 0)).toBe(16);
    expect(deepestPoint(filled, 9, 9)).toEqual({ x: 4, y: 4 });
    expect(deepestPoint(new Uint8Array(81), 9, 9)).toBeNull();
    expect(dice(two, keepRegion(two, 9, 9, { x: 0, y: 0 }))).toBeCloseTo((2 * 4) / (20 + 4), 12);
    expect(dice(new Uint8Array(4), new Uint8Array(4))).toBe(1);
  });
});
