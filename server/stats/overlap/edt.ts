/**
 * Exact squared Euclidean distance transform with anisotropic spacing (Felzenszwalb &
 * Huttenlocher 2012, "Distance Transforms of Sampled Functions", Theory of Computing 8:415–428):
 * the 1-D lower envelope of parabolas along x, then y, then z. O(voxels), exact (no chamfer
 * approximation). Input: feature[i] ≠ 0 marks the points distances are measured to.
 * Output: squared distance in mm² to the nearest feature point (Infinity when there is none).
 */
export function squaredEdt(feature: ArrayLike<number>, dims: [number, number, number], spacing: [number, number, number]): Float64Array {
  const [nx, ny, nz] = dims;
  const d = new Float64Array(nx * ny * nz);
  for (let i = 0; i < d.length; i++) d[i] = feature[i] ? 0 : Infinity;
  const n = Math.max(nx, ny, nz);
  const f = new Float64Array(n);
  const out = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  const line = (start: number, count: number, stride: number, step: number) => {
    for (let i = 0; i < count; i++) f[i] = d[start + i * stride]!;
    envelope(f, count, step, out, v, z);
    for (let i = 0; i < count; i++) d[start + i * stride] = out[i]!;
  };
  for (let k = 0; k < ny * nz; k++) line(k * nx, nx, 1, spacing[0]);
  for (let zz = 0; zz < nz; zz++) for (let x = 0; x < nx; x++) line(zz * nx * ny + x, ny, nx, spacing[1]);
  if (nz > 1) for (let k = 0; k < nx * ny; k++) line(k, nz, nx * ny, spacing[2]);
  return d;
}

/** One row: out[p] = min_q ((p − q)·h)² + f[q], over the q with finite f. */
function envelope(f: Float64Array, n: number, h: number, out: Float64Array, v: Int32Array, z: Float64Array) {
  let k = -1;
  for (let q = 0; q < n; q++) {
    if (f[q] === Infinity) continue;
    const fq = f[q]! + (q * h) ** 2;
    while (k >= 0) {
      const r = v[k]!;
      const s = (fq - (f[r]! + (r * h) ** 2)) / (2 * h * (q - r));
      if (s <= z[k]!) k--;
      else {
        z[k + 1] = s;
        break;
      }
    }
    if (k < 0) z[0] = -Infinity;
    k++;
    v[k] = q;
    z[k + 1] = Infinity;
    if (k === 0) z[0] = -Infinity;
  }
  if (k < 0) {
    out.fill(Infinity, 0, n);
    return;
  }
  let j = 0;
  for (let p = 0; p < n; p++) {
    const x = p * h;
    while (z[j + 1]! < x) j++;
    const r = v[j]!;
    out[p] = (x - r * h) ** 2 + f[r]!;
  }
}
