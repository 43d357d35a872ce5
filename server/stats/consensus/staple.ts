import { fail, ok, type Result } from '../core/result';
import { crop } from '../overlap/segmentation-metrics';
import { assertSameGrid, unionBox, type Volume } from '../overlap/volume';

export interface StapleOptions {
  maxIterations?: number;
  /** Stop when no sensitivity or specificity moves more than this (default 1e-10). */
  tolerance?: number;
  /** Starting sensitivity and specificity of every reader (default 0.99999, as ITK). */
  initial?: number;
}

export interface Staple {
  /** Consensus: voxels whose posterior probability of foreground is ≥ 0.5. */
  consensus: Volume;
  /** Posterior probability of foreground inside `box` (x fastest); outside it the value is `outside`. */
  probability: Float32Array;
  box: [number, number, number, number, number, number];
  outside: number;
  readers: { sensitivity: number; specificity: number }[];
  prior: number;
  iterations: number;
  converged: boolean;
}

/**
 * Binary STAPLE (Warfield, Zou & Wells 2004, IEEE TMI 23:903–921): expectation–maximisation of
 * each reader's sensitivity p_j and specificity q_j and of the true segmentation, with a fixed
 * prior f = mean decision over the whole image.
 *   E: W_i = f Π_j p_j^{D_ij}(1−p_j)^{1−D_ij} / (that + (1−f) Π_j q_j^{1−D_ij}(1−q_j)^{D_ij})
 *   M: p_j = Σ W_i D_ij / Σ W_i,   q_j = Σ (1−W_i)(1−D_ij) / Σ (1−W_i)
 * Only the bounding box of the union of foregrounds is visited: every voxel outside it has all
 * decisions 0 and so one shared posterior, which enters the sums once, multiplied by its count.
 * The result equals the whole-image computation.
 */
export function staple(masks: readonly Volume[], options: StapleOptions = {}): Result<Staple> {
  assertSameGrid(masks);
  const R = masks.length;
  const total = masks[0]!.data.length;
  const box = unionBox(masks);
  if (!box) return fail('every mask is empty: there is nothing to reach consensus on');
  const cropped = masks.map((m) => crop(m, box).data);
  const n = cropped[0]!.length;
  const outsideCount = total - n;
  let decisions = 0;
  for (const c of cropped) for (let i = 0; i < n; i++) decisions += c[i]!;
  const f = decisions / (R * total);

  const p = new Float64Array(R).fill(options.initial ?? 0.99999);
  const q = new Float64Array(R).fill(options.initial ?? 0.99999);
  const w = new Float64Array(n);
  const maxIt = options.maxIterations ?? 200;
  const tol = options.tolerance ?? 1e-10;
  let wOut = 0;
  let it = 0;
  let converged = false;
  while (it < maxIt && !converged) {
    it++;
    for (let i = 0; i < n; i++) {
      let a = f;
      let b = 1 - f;
      for (let j = 0; j < R; j++) {
        if (cropped[j]![i]) {
          a *= p[j]!;
          b *= 1 - q[j]!;
        } else {
          a *= 1 - p[j]!;
          b *= q[j]!;
        }
      }
      w[i] = a + b > 0 ? a / (a + b) : 0;
    }
    {
      let a = f;
      let b = 1 - f;
      for (let j = 0; j < R; j++) {
        a *= 1 - p[j]!;
        b *= q[j]!;
      }
      wOut = a + b > 0 ? a / (a + b) : 0;
    }
    let sumW = outsideCount * wOut;
    let sumNotW = outsideCount * (1 - wOut);
    for (let i = 0; i < n; i++) {
      sumW += w[i]!;
      sumNotW += 1 - w[i]!;
    }
    converged = true;
    for (let j = 0; j < R; j++) {
      let tp = 0;
      let tn = outsideCount * (1 - wOut);
      const d = cropped[j]!;
      for (let i = 0; i < n; i++) {
        if (d[i]) tp += w[i]!;
        else tn += 1 - w[i]!;
      }
      const np = sumW > 0 ? tp / sumW : 0;
      const nq = sumNotW > 0 ? tn / sumNotW : 1;
      if (Math.abs(np - p[j]!) > tol || Math.abs(nq - q[j]!) > tol) converged = false;
      p[j] = np;
      q[j] = nq;
    }
  }

  const first = masks[0]!;
  const consensus = new Uint8Array(total);
  const [x0, y0, z0] = box;
  const [bx, by] = [box[3] - x0 + 1, box[4] - y0 + 1];
  const [nx, ny] = first.dims;
  if (wOut >= 0.5) consensus.fill(1);
  for (let i = 0; i < n; i++) {
    const x = i % bx;
    const y = Math.floor(i / bx) % by;
    const z = Math.floor(i / (bx * by));
    consensus[(z + z0) * nx * ny + (y + y0) * nx + (x + x0)] = w[i]! >= 0.5 ? 1 : 0;
  }
  return ok({
    consensus: { data: consensus, dims: first.dims, spacing: first.spacing },
    probability: Float32Array.from(w),
    box,
    outside: wOut,
    readers: Array.from(p, (sensitivity, j) => ({ sensitivity, specificity: q[j]! })),
    prior: f,
    iterations: it,
    converged,
  });
}
