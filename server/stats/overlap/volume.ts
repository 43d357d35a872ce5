/** A binary (or label) volume: x fastest, then y, then z; spacing in millimetres per axis. */
export interface Volume<T extends ArrayLike<number> = Uint8Array> {
  data: T;
  dims: [number, number, number];
  spacing: [number, number, number];
}

/** Inclusive bounding box [x0, y0, z0, x1, y1, z1] of the non-zero voxels of any of the masks, or null. */
export function unionBox(masks: readonly Volume[]): [number, number, number, number, number, number] | null {
  const [nx, ny] = masks[0]!.dims;
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -1, y1 = -1, z1 = -1;
  for (const m of masks) {
    const d = m.data;
    // Skip empty stretches four voxels at a time: most of a large mask is background.
    const words = d.byteOffset % 4 === 0 ? new Uint32Array(d.buffer, d.byteOffset, d.length >> 2) : null;
    const visit = (i: number) => {
      const x = i % nx;
      const y = Math.floor(i / nx) % ny;
      const z = Math.floor(i / (nx * ny));
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (z < z0) z0 = z;
      if (z > z1) z1 = z;
    };
    let start = 0;
    if (words) {
      for (let k = 0; k < words.length; k++) {
        if (words[k] === 0) continue;
        for (let i = k * 4; i < k * 4 + 4; i++) if (d[i]) visit(i);
      }
      start = words.length * 4;
    }
    for (let i = start; i < d.length; i++) if (d[i]) visit(i);
  }
  return x1 < 0 ? null : [x0, y0, z0, x1, y1, z1];
}

/** Checks that masks share dimensions and spacing; throws RangeError naming the first mismatch. */
export function assertSameGrid(masks: readonly Volume[]) {
  const [first, ...rest] = masks;
  if (!first) throw new RangeError('no masks given');
  for (const [i, m] of rest.entries()) {
    if (m.dims.some((d, a) => d !== first.dims[a])) throw new RangeError(`mask ${i + 1} has dimensions ${m.dims.join('×')}, mask 0 has ${first.dims.join('×')}`);
    if (m.spacing.some((s, a) => Math.abs(s - first.spacing[a]!) > 1e-6 * Math.max(1, Math.abs(s)))) throw new RangeError(`mask ${i + 1} has spacing ${m.spacing.join('×')} mm, mask 0 has ${first.spacing.join('×')} mm`);
    if (m.data.length !== m.dims[0] * m.dims[1] * m.dims[2]) throw new RangeError(`mask ${i + 1} has ${m.data.length} voxels, its dimensions say ${m.dims[0] * m.dims[1] * m.dims[2]}`);
  }
  if (first.data.length !== first.dims[0] * first.dims[1] * first.dims[2]) throw new RangeError(`mask 0 has ${first.data.length} voxels, its dimensions say ${first.dims[0] * first.dims[1] * first.dims[2]}`);
}
