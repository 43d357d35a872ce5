import { fail, ok, type Result } from '../core/result';
import { assertSameGrid, unionBox, type Volume } from '../overlap/volume';

export interface MultiLabelStaple {
  /** Consensus labels: the most probable label per voxel. */
  consensus: Volume;
  /** Per reader, the estimated confusion matrix θ[s'][s] = P(reader says s' | truth s), labels 0..L−1. */
  readers: number[][][];
  labels: number;
  iterations: number;
  converged: boolean;
}

/**
 * Multi-label STAPLE (Warfield, Zou & Wells 2004, §II.C): each reader j is a confusion matrix
 * θ_j(s', s); EM with a fixed prior f(s) = the labels' share of all decisions.
 *   E: W_i(s) ∝ f(s) Π_j θ_j(D_ij, s)      M: θ_j(s', s) = Σ_{i: D_ij = s'} W_i(s) / Σ_i W_i(s)
 * Voxels outside the union bounding box of non-zero labels share one posterior (every reader
 * says 0 there) and enter the sums once, weighted by their count. Label values must be
 * integers 0..L−1 with 0 the background.
 */
export function stapleMultiLabel(masks: readonly Volume[], options: { maxIterations?: number; tolerance?: number } = {}): Result<MultiLabelStaple> {
  assertSameGrid(masks);
  const R = masks.length;
  let L = 0;
  for (const m of masks) for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i]!;
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`labels must be non-negative integers, found ${v}`);
    if (v + 1 > L) L = v + 1;
  }
  const box = unionBox(masks);
  if (!box || L < 2) return fail('every mask is empty: there is nothing to reach consensus on');
  const [nx, ny] = masks[0]!.dims;
  const [x0, y0, z0, x1, y1, z1] = box;
  const bx = x1 - x0 + 1, by = y1 - y0 + 1, bz = z1 - z0 + 1;
  const n = bx * by * bz;
  const total = masks[0]!.data.length;
  const outside = total - n;
  const d = masks.map((m) => {
    const out = new Uint16Array(n);
    for (let z = 0; z < bz; z++) for (let y = 0; y < by; y++) for (let x = 0; x < bx; x++) out[(z * by + y) * bx + x] = m.data[((z + z0) * ny + (y + y0)) * nx + (x + x0)]!;
    return out;
  });
  const prior = new Float64Array(L);
  for (const dj of d) for (let i = 0; i < n; i++) prior[dj[i]!]! += 1;
  prior[0]! += outside * R;
  for (let s = 0; s < L; s++) prior[s]! /= total * R;

  // θ[j][s'*L + s]; start near the identity.
  const theta = Array.from({ length: R }, () => Float64Array.from({ length: L * L }, (_, k) => (Math.floor(k / L) === k % L ? 0.99 : 0.01 / (L - 1))));
  const w = new Float64Array(n * L);
  const wOut = new Float64Array(L);
  const maxIt = options.maxIterations ?? 200;
  const tol = options.tolerance ?? 1e-10;
  let it = 0;
  let converged = false;
  const posterior = (target: Float64Array, at: number, said: (j: number) => number) => {
    let sum = 0;
    for (let s = 0; s < L; s++) {
      let p = prior[s]!;
      for (let j = 0; j < R; j++) p *= theta[j]![said(j) * L + s]!;
      target[at + s] = p;
      sum += p;
    }
    for (let s = 0; s < L; s++) target[at + s] = sum > 0 ? target[at + s]! / sum : 1 / L;
  };
  while (it < maxIt && !converged) {
    it++;
    for (let i = 0; i < n; i++) posterior(w, i * L, (j) => d[j]![i]!);
    posterior(wOut, 0, () => 0);
    const colSum = new Float64Array(L);
    for (let i = 0; i < n; i++) for (let s = 0; s < L; s++) colSum[s]! += w[i * L + s]!;
    for (let s = 0; s < L; s++) colSum[s]! += outside * wOut[s]!;
    converged = true;
    for (let j = 0; j < R; j++) {
      const next = new Float64Array(L * L);
      for (let i = 0; i < n; i++) {
        const said = d[j]![i]!;
        for (let s = 0; s < L; s++) next[said * L + s]! += w[i * L + s]!;
      }
      for (let s = 0; s < L; s++) next[s]! += outside * wOut[s]!; // said 0 outside the box
      for (let k = 0; k < L * L; k++) {
        const s = k % L;
        const v = colSum[s]! > 0 ? next[k]! / colSum[s]! : Math.floor(k / L) === s ? 1 : 0;
        if (Math.abs(v - theta[j]![k]!) > tol) converged = false;
        theta[j]![k] = v;
      }
    }
  }
  const consensus = new Uint8Array(total);
  let bestOut = 0;
  for (let s = 1; s < L; s++) if (wOut[s]! > wOut[bestOut]!) bestOut = s;
  if (bestOut) consensus.fill(bestOut);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let s = 1; s < L; s++) if (w[i * L + s]! > w[i * L + best]!) best = s;
    const x = i % bx, y = Math.floor(i / bx) % by, z = Math.floor(i / (bx * by));
    consensus[((z + z0) * ny + (y + y0)) * nx + (x + x0)] = best;
  }
  return ok({
    consensus: { data: consensus, dims: masks[0]!.dims, spacing: masks[0]!.spacing },
    readers: theta.map((t) => Array.from({ length: L }, (_, a) => Array.from(t.subarray(a * L, (a + 1) * L)))),
    labels: L,
    iterations: it,
    converged,
  });
}
