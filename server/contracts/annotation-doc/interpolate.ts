/**
 * Shape-based interpolation between slices (Raya & Udupa 1990; Herman et al. 1992): each
 * painted slice becomes a signed distance map (positive inside, negative outside), the maps of
 * the two painted slices around a gap are blended linearly by position, and the blend's
 * positive part is the mask of the slice in between. Shapes that move or grow between the
 * painted slices morph smoothly instead of being copied.
 */

const INF = 1e20;

/** Squared distance transform of one line (Felzenszwalb & Huttenlocher 2012), in place of `f`. */
function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array) {
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    d[q] = (q - v[k]!) * (q - v[k]!) + f[v[k]!]!;
  }
}

/** Exact Euclidean distance (pixels) from each pixel to the nearest pixel where `on` is true. */
function distanceTo(mask: Uint8Array, rows: number, columns: number, on: boolean): Float64Array {
  const n = Math.max(rows, columns);
  const [f, d, z, v] = [new Float64Array(n), new Float64Array(n), new Float64Array(n + 1), new Int32Array(n)];
  const g = new Float64Array(rows * columns);
  for (let i = 0; i < g.length; i++) g[i] = (mask[i] !== 0) === on ? 0 : INF;
  for (let x = 0; x < columns; x++) {
    for (let y = 0; y < rows; y++) f[y] = g[y * columns + x]!;
    edt1d(f, rows, d, v, z);
    for (let y = 0; y < rows; y++) g[y * columns + x] = d[y]!;
  }
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) f[x] = g[y * columns + x]!;
    edt1d(f, columns, d, v, z);
    for (let x = 0; x < columns; x++) g[y * columns + x] = Math.sqrt(d[x]!);
  }
  return g;
}

/** Signed distance of a mask: > 0 inside (distance to the outside), < 0 outside (minus the distance to the inside). */
export function signedDistance(mask: Uint8Array, rows: number, columns: number): Float64Array {
  const inside = distanceTo(mask, rows, columns, false);
  const outside = distanceTo(mask, rows, columns, true);
  const out = new Float64Array(mask.length);
  // Half a pixel either way, so a one-pixel shape still counts as inside and the boundary lies between pixels.
  for (let i = 0; i < out.length; i++) out[i] = mask[i] ? inside[i]! - 0.5 : 0.5 - outside[i]!;
  return out;
}

/** The mask at fraction `t` (0 → a, 1 → b) between two slices' signed distance maps. */
export function blend(a: Float64Array, b: Float64Array, t: number): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = (1 - t) * a[i]! + t * b[i]! > 0 ? 1 : 0;
  return out;
}

/**
 * Masks for the empty slices between painted ones: `painted` maps a slice index (stack order) to
 * its mask; the result maps each empty slice strictly between two painted slices to its
 * interpolated mask. Slices outside the painted range are left alone.
 */
export function interpolateGaps(painted: Map<number, Uint8Array>, rows: number, columns: number): Map<number, Uint8Array> {
  const slices = [...painted.keys()].sort((x, y) => x - y);
  const out = new Map<number, Uint8Array>();
  const sdf = new Map<number, Float64Array>();
  const sdfOf = (i: number) => sdf.get(i) ?? sdf.set(i, signedDistance(painted.get(i)!, rows, columns)).get(i)!;
  for (let k = 0; k + 1 < slices.length; k++) {
    const [from, to] = [slices[k]!, slices[k + 1]!];
    if (to - from < 2) continue;
    const [a, b] = [sdfOf(from), sdfOf(to)];
    for (let i = from + 1; i < to; i++) out.set(i, blend(a, b, (i - from) / (to - from)));
  }
  return out;
}
