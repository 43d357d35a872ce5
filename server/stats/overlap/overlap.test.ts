import { describe, expect, it } from 'vitest';
import { majorityVote, pairwiseSegmentationMetrics, seededRandom, segmentationMetrics, squaredEdt, staple, type Volume } from '../index';

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

function vol(dims: [number, number, number], spacing: [number, number, number], on: (x: number, y: number, z: number) => boolean): Volume {
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let z = 0; z < dims[2]; z++) for (let y = 0; y < dims[1]; y++) for (let x = 0; x < dims[0]; x++) data[(z * dims[1] + y) * dims[0] + x] = on(x, y, z) ? 1 : 0;
  return { data, dims, spacing };
}

function blob(seed: number, dims: [number, number, number], spacing: [number, number, number]): Volume {
  const r = seededRandom(seed);
  const c = dims.map((d) => d * (0.3 + 0.4 * r()));
  const rad = dims.map((d) => 1 + d * 0.25 * r());
  return vol(dims, spacing, (x, y, z) => ((x - c[0]!) / rad[0]!) ** 2 + ((y - c[1]!) / rad[1]!) ** 2 + ((z - c[2]!) / rad[2]!) ** 2 <= 1 + 0.3 * (r() - 0.5));
}

/** Brute-force reference (an independent implementation): surfaces by neighbour test, every pair of surface voxels. */
function bruteForce(a: Volume, b: Volume) {
  const [nx, ny, nz] = a.dims;
  const at = (m: Volume, x: number, y: number, z: number) => x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz && m.data[(z * ny + y) * nx + x] === 1;
  const surf = (m: Volume) => {
    const pts: number[][] = [];
    for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
      if (!at(m, x, y, z)) continue;
      const nbrs = [[x - 1, y, z], [x + 1, y, z], [x, y - 1, z], [x, y + 1, z], ...(nz > 1 ? [[x, y, z - 1], [x, y, z + 1]] : [])];
      if (nbrs.some(([u, v, w]) => !at(m, u!, v!, w!))) pts.push([x * a.spacing[0], y * a.spacing[1], z * a.spacing[2]]);
    }
    return pts;
  };
  const sa = surf(a);
  const sb = surf(b);
  const dir = (from: number[][], to: number[][]) => from.map((p) => Math.sqrt(Math.min(...to.map((q) => (p[0]! - q[0]!) ** 2 + (p[1]! - q[1]!) ** 2 + (p[2]! - q[2]!) ** 2)))).sort((x, y) => x - y);
  const ab = dir(sa, sb);
  const ba = dir(sb, sa);
  const p95 = (d: number[]) => d[Math.max(0, Math.ceil(0.95 * d.length) - 1)]!;
  return { hd: Math.max(ab.at(-1)!, ba.at(-1)!), hd95: Math.max(p95(ab), p95(ba)), assd: (ab.reduce((s, x) => s + x, 0) + ba.reduce((s, x) => s + x, 0)) / (ab.length + ba.length) };
}

describe('[STATS]: exact Euclidean distance transform', () => {
  it('matches brute force on random feature sets with anisotropic spacing', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = seededRandom(seed);
      const dims: [number, number, number] = [7, 5, 4];
      const spacing: [number, number, number] = [0.7, 1.3, 2.5];
      const feat = Uint8Array.from({ length: 140 }, () => (r() < 0.08 ? 1 : 0));
      if (!feat.some(Boolean)) feat[17] = 1;
      const d = squaredEdt(feat, dims, spacing);
      for (let i = 0; i < 140; i++) {
        const [x, y, z] = [i % 7, Math.floor(i / 7) % 5, Math.floor(i / 35)];
        let best = Infinity;
        for (let j = 0; j < 140; j++) if (feat[j]) best = Math.min(best, ((x - (j % 7)) * 0.7) ** 2 + ((y - (Math.floor(j / 7) % 5)) * 1.3) ** 2 + ((z - Math.floor(j / 35)) * 2.5) ** 2);
        expect(d[i]).toBeCloseTo(best, 9);
      }
    }
  });

  it('no feature point: every distance is Infinity', () => {
    expect([...squaredEdt(new Uint8Array(6), [3, 2, 1], [1, 1, 1])].every((v) => v === Infinity)).toBe(true);
  });
});

describe('[STATS]: segmentation metrics', () => {
  it('hand-computable: two 4-voxel bars overlapping by 2 (1 mm spacing)', () => {
    const a = vol([10, 1, 1], [1, 1, 1], (x) => x >= 1 && x <= 4);
    const b = vol([10, 1, 1], [1, 1, 1], (x) => x >= 3 && x <= 6);
    const m = value(segmentationMetrics(a, b));
    expect(m.dice).toBe(0.5);
    expect(m.jaccard).toBeCloseTo(2 / 6, 12);
    expect(m.volumeDifference).toBe(0);
    // In a 1-voxel-thick bar every voxel is surface: A→B distances 2,1,0,0; B→A 0,0,1,2.
    expect(m.hausdorff).toBe(2);
    expect(m.assd).toBe(0.75);
  });

  it.each(Array.from({ length: 12 }, (_, i) => i + 1))('seed %i: HD, HD95 and ASSD equal the brute-force reference (anisotropic 3-D)', (seed) => {
    const dims: [number, number, number] = [14, 12, 6];
    const spacing: [number, number, number] = [0.8, 0.8, 2.5];
    const a = blob(seed, dims, spacing);
    const b = blob(seed + 100, dims, spacing);
    if (!a.data.some(Boolean) || !b.data.some(Boolean)) return;
    const m = value(segmentationMetrics(a, b));
    const ref = bruteForce(a, b);
    expect(m.hausdorff).toBeCloseTo(ref.hd, 9);
    expect(m.hausdorff95).toBeCloseTo(ref.hd95, 9);
    expect(m.assd).toBeCloseTo(ref.assd, 9);
    // Properties: symmetric, ordered, bounded.
    const r = value(segmentationMetrics(b, a));
    expect(r.dice).toBeCloseTo(m.dice, 12);
    expect(r.hausdorff).toBeCloseTo(m.hausdorff!, 12);
    expect(r.assd).toBeCloseTo(m.assd!, 12);
    expect(m.dice).toBeGreaterThanOrEqual(0);
    expect(m.dice).toBeLessThanOrEqual(1);
    expect(m.hausdorff!).toBeGreaterThanOrEqual(m.hausdorff95!);
    expect(m.hausdorff95!).toBeGreaterThanOrEqual(0);
  });

  it('identical masks: Dice 1, every distance 0; empty masks are defined, with a reason where needed', () => {
    const a = blob(5, [10, 10, 3], [1, 1, 1]);
    expect(value(segmentationMetrics(a, a))).toMatchObject({ dice: 1, jaccard: 1, hausdorff: 0, hausdorff95: 0, assd: 0 });
    const empty = vol([10, 10, 3], [1, 1, 1], () => false);
    expect(value(segmentationMetrics(empty, empty))).toMatchObject({ dice: 1, hausdorff: 0 });
    expect(value(segmentationMetrics(a, empty))).toMatchObject({ dice: 0, hausdorff: null, distanceReason: 'one mask is empty: surface distances are undefined' });
  });

  it.each([1, 2, 3])('seed %i: the shared all-pairs computation equals pair by pair', (seed) => {
    const dims: [number, number, number] = [16, 14, 5];
    const masks = [blob(seed, dims, [0.9, 0.9, 2]), blob(seed + 40, dims, [0.9, 0.9, 2]), blob(seed + 80, dims, [0.9, 0.9, 2]), vol(dims, [0.9, 0.9, 2], () => false)];
    for (const { a, b, metrics } of pairwiseSegmentationMetrics(masks)) {
      const single = segmentationMetrics(masks[a]!, masks[b]!);
      if (!metrics.ok || !single.ok) throw new Error('undefined metrics');
      // Crop origins differ, so distances agree to rounding (1e-9), not bit for bit.
      for (const [key, v] of Object.entries(single.value)) {
        const got = metrics.value[key as keyof typeof metrics.value];
        if (typeof v === 'number') expect(got, key).toBeCloseTo(v, 9);
        else expect(got, key).toEqual(v);
      }
    }
  });

  it('refuses masks on different grids', () => {
    const a = vol([4, 4, 1], [1, 1, 1], () => true);
    expect(() => segmentationMetrics(a, vol([4, 5, 1], [1, 1, 1], () => true))).toThrow(new RangeError('mask 1 has dimensions 4×5×1, mask 0 has 4×4×1'));
    expect(() => segmentationMetrics(a, vol([4, 4, 1], [1, 2, 1], () => true))).toThrow(new RangeError('mask 1 has spacing 1×2×1 mm, mask 0 has 1×1×1 mm'));
  });
});

/** Whole-image STAPLE without cropping: the reference the cropped implementation must equal. */
function stapleFull(masks: Volume[], iterations: number) {
  const R = masks.length;
  const N = masks[0]!.data.length;
  let dec = 0;
  for (const m of masks) for (let i = 0; i < N; i++) dec += m.data[i]!;
  const f = dec / (R * N);
  const p = Array<number>(R).fill(0.99999);
  const q = Array<number>(R).fill(0.99999);
  const w = new Float64Array(N);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < N; i++) {
      let a = f, b = 1 - f;
      for (let j = 0; j < R; j++) {
        const d = masks[j]!.data[i];
        a *= d ? p[j]! : 1 - p[j]!;
        b *= d ? 1 - q[j]! : q[j]!;
      }
      w[i] = a / (a + b);
    }
    const sw = w.reduce((s, x) => s + x, 0);
    for (let j = 0; j < R; j++) {
      let tp = 0, tn = 0;
      for (let i = 0; i < N; i++) {
        if (masks[j]!.data[i]) tp += w[i]!;
        else tn += 1 - w[i]!;
      }
      p[j] = tp / sw;
      q[j] = tn / (N - sw);
    }
  }
  return { p, q, w };
}

describe('[STATS]: consensus', () => {
  it('majority vote: strict majority, ties to background, configurable threshold', () => {
    const m = (bits: number[]) => ({ data: Uint8Array.from(bits), dims: [4, 1, 1] as [number, number, number], spacing: [1, 1, 1] as [number, number, number] });
    const masks = [m([1, 1, 0, 0]), m([1, 0, 1, 0]), m([1, 0, 0, 0]), m([1, 1, 0, 1])];
    expect([...majorityVote(masks).data]).toEqual([1, 0, 0, 0]);
    expect([...majorityVote(masks, { threshold: 0.25 }).data]).toEqual([1, 1, 0, 0]);
    expect(() => majorityVote(masks, { threshold: 1 })).toThrow(RangeError);
  });

  it('STAPLE with identical readers returns that mask with sensitivity = specificity = 1', () => {
    const a = blob(9, [12, 12, 4], [1, 1, 2]);
    const s = value(staple([a, a, a]));
    expect([...s.consensus.data]).toEqual([...a.data]);
    for (const r of s.readers) {
      expect(r.sensitivity).toBeCloseTo(1, 9);
      expect(r.specificity).toBeCloseTo(1, 9);
    }
  });

  it.each([1, 2, 3, 4])('seed %i: cropped STAPLE equals whole-image STAPLE', (seed) => {
    const dims: [number, number, number] = [20, 18, 5];
    const masks = [blob(seed, dims, [1, 1, 1]), blob(seed + 10, dims, [1, 1, 1]), blob(seed + 20, dims, [1, 1, 1])];
    const s = value(staple(masks, { maxIterations: 25, tolerance: 0 }));
    const ref = stapleFull(masks, 25);
    s.readers.forEach((r, j) => {
      expect(r.sensitivity).toBeCloseTo(ref.p[j]!, 9);
      expect(r.specificity).toBeCloseTo(ref.q[j]!, 9);
    });
    const expected = Array.from(ref.w, (x) => (x >= 0.5 ? 1 : 0));
    expect([...s.consensus.data]).toEqual(expected);
  });

  it('all masks empty: a reason, not a crash', () => {
    const e = vol([3, 3, 1], [1, 1, 1], () => false);
    expect(staple([e, e])).toMatchObject({ ok: false, reason: expect.stringMatching(/every mask is empty/) });
  });
});
