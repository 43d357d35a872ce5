import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, initDoc, interpolateLabel, roots } from './doc';
import { blend, interpolateGaps, signedDistance } from './interpolate';
import { encodeRuns, rasterize } from './runs';

const N = 64;
function disc(cx: number, cy: number, r: number) {
  const m = new Uint8Array(N * N);
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) m[y * N + x] = 1;
  return m;
}
const area = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);
const centroid = (m: Uint8Array) => {
  let [sx, sy, n] = [0, 0, 0];
  m.forEach((v, i) => v && ((sx += i % N), (sy += Math.floor(i / N)), n++));
  return [sx / n, sy / n];
};

/** Brute-force Euclidean distance to the nearest pixel of the other kind (the independent check). */
function bruteSigned(m: Uint8Array) {
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) {
    let best = Infinity;
    for (let j = 0; j < m.length; j++) if (m[j] !== m[i]) best = Math.min(best, Math.hypot((i % N) - (j % N), Math.floor(i / N) - Math.floor(j / N)));
    out[i] = m[i] ? best - 0.5 : 0.5 - best;
  }
  return out;
}

describe('shape-based slice interpolation', () => {
  it('computes the exact signed Euclidean distance (checked against brute force)', () => {
    const m = new Uint8Array(N * N);
    const shape = disc(20, 30, 9);
    shape.forEach((v, i) => (m[i] = v));
    m[5 * N + 50] = 1; // an isolated pixel
    for (let x = 40; x < 60; x++) m[55 * N + x] = 1; // a thin line
    const fast = signedDistance(m, N, N);
    const slow = bruteSigned(m);
    let worst = 0;
    for (let i = 0; i < m.length; i++) worst = Math.max(worst, Math.abs(fast[i]! - slow[i]!));
    expect(worst).toBeLessThan(1e-9);
  });

  it('gives back the same shape between two equal slices, and the mask itself at the ends', () => {
    const a = disc(30, 30, 10);
    const gaps = interpolateGaps(new Map([[2, a], [6, a]]), N, N);
    expect([...gaps.keys()]).toEqual([3, 4, 5]);
    for (const m of gaps.values()) expect(m).toEqual(a);
    const sdf = signedDistance(a, N, N);
    expect(blend(sdf, signedDistance(disc(30, 30, 4), N, N), 0)).toEqual(a);
  });

  it('grows a concentric disc linearly in radius between painted slices', () => {
    const gaps = interpolateGaps(new Map([[0, disc(32, 32, 5)], [4, disc(32, 32, 17)]]), N, N);
    for (const [i, m] of gaps) {
      const r = 5 + (i / 4) * 12;
      // A digital disc of radius r has πr² pixels to within its boundary's length.
      expect(Math.abs(area(m) - Math.PI * r * r)).toBeLessThan(2 * Math.PI * r);
      expect(centroid(m)).toEqual([32, 32]);
    }
  });

  it('moves an overlapping shape along between painted slices', () => {
    const gaps = interpolateGaps(new Map([[0, disc(26, 32, 12)], [4, disc(38, 32, 12)]]), N, N);
    for (const [i, m] of gaps) {
      expect(centroid(m)[0]).toBeCloseTo(26 + (i / 4) * 12, 0);
      expect(centroid(m)[1]).toBeCloseTo(32, 5);
      // Distance-map blending shrinks a moving shape a little in the middle: known, and small here.
      expect(area(m)).toBeGreaterThan(0.75 * area(disc(32, 32, 12)));
    }
  });

  it('grows monotonically slice after slice', () => {
    const gaps = interpolateGaps(new Map([[0, disc(32, 32, 5)], [4, disc(32, 32, 17)]]), N, N);
    const areas = [1, 2, 3].map((i) => area(gaps.get(i)!));
    expect(areas[0]!).toBeLessThan(areas[1]!);
    expect(areas[1]!).toBeLessThan(areas[2]!);
  });

  it('fills only gaps strictly between painted slices, each gap from its own neighbours', () => {
    const gaps = interpolateGaps(new Map([[1, disc(30, 30, 6)], [2, disc(30, 30, 6)], [5, disc(30, 30, 12)], [9, disc(30, 30, 6)]]), N, N);
    expect([...gaps.keys()].sort((a, b) => a - b)).toEqual([3, 4, 6, 7, 8]);
    expect(area(gaps.get(4)!)).toBeGreaterThan(area(gaps.get(3)!));
    expect(area(gaps.get(6)!)).toBeGreaterThan(area(gaps.get(8)!));
    expect(interpolateGaps(new Map([[4, disc(30, 30, 6)]]), N, N).size).toBe(0);
  });
});

describe('interpolating a label in an annotation document', () => {
  const images = Array.from({ length: 7 }, (_, i) => ({ seriesUid: '1.2', sopUid: `1.2.${i}`, frame: 1 }));
  const labels = ['lesion', 'organ'];
  let n = 0;
  const newId = () => `s${++n}`;
  const paint = (doc: Y.Doc, i: number, labelId: string, mask: Uint8Array) => addStroke(doc, { id: newId(), labelId, op: 'paint', image: images[i]!, rows: N, columns: N, runs: encodeRuns(mask) });

  it('paints the gaps between painted slices in one undo step, leaving other labels their pixels', () => {
    const doc = new Y.Doc();
    initDoc(doc, 1);
    paint(doc, 1, 'lesion', disc(32, 32, 6));
    paint(doc, 5, 'lesion', disc(32, 32, 14));
    const organ = new Uint8Array(N * N).fill(1, 0, 32 * N); // the top half of slice 3
    paint(doc, 3, 'organ', organ);
    const origin = { reader: 'me' };
    const undo = new Y.UndoManager(roots(doc).strokes, { trackedOrigins: new Set([origin]) });

    expect(interpolateLabel(doc, { labelId: 'lesion', segmentationLabelIds: labels, images, origin, newId })).toBe(3);
    const frames = rasterize(roots(doc).strokes.toArray(), labels);
    const expected = interpolateGaps(new Map([[1, disc(32, 32, 6)], [5, disc(32, 32, 14)]]), N, N);
    for (const i of [2, 4]) expect(frames.get(`1.2.${i}/1`)!.data).toEqual(expected.get(i)!);
    // Slice 3: the interpolated lesion below the organ, the organ untouched.
    const three = frames.get('1.2.3/1')!.data;
    for (let k = 0; k < three.length; k++) expect(three[k]).toBe(k < 32 * N ? 2 : expected.get(3)![k]!);
    expect(frames.has('1.2.0/1') || frames.has('1.2.6/1')).toBe(false);

    undo.undo();
    const after = rasterize(roots(doc).strokes.toArray(), labels);
    expect(after.has('1.2.2/1')).toBe(false);
    expect(after.get('1.2.3/1')!.data).toEqual(organ.map((v) => v * 2));
  });

  it('does nothing with fewer than two painted slices or an unknown label', () => {
    const doc = new Y.Doc();
    initDoc(doc, 1);
    paint(doc, 2, 'lesion', disc(30, 30, 5));
    const before = roots(doc).strokes.length;
    expect(interpolateLabel(doc, { labelId: 'lesion', segmentationLabelIds: labels, images, origin: null, newId })).toBe(0);
    expect(interpolateLabel(doc, { labelId: 'nodule', segmentationLabelIds: labels, images, origin: null, newId })).toBe(0);
    expect(roots(doc).strokes.length).toBe(before);
  });
});
