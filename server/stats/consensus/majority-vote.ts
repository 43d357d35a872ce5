import { assertSameGrid, unionBox, type Volume } from '../overlap/volume';

export interface MajorityVoteOptions {
  /** A voxel is foreground when more than this fraction of readers marked it (default 0.5: strict majority). */
  threshold?: number;
}

/** Voxel-wise vote of binary masks; ties fall to background under the strict majority. */
export function majorityVote(masks: readonly Volume[], options: MajorityVoteOptions = {}): Volume {
  assertSameGrid(masks);
  const t = options.threshold ?? 0.5;
  if (!(t >= 0 && t < 1)) throw new RangeError(`threshold must be in [0, 1), got ${t}`);
  const first = masks[0]!;
  const need = t * masks.length;
  const out = new Uint8Array(first.data.length);
  const box = unionBox(masks);
  // Outside the union of foregrounds nobody voted: only the box is visited.
  if (!box) return { data: out, dims: first.dims, spacing: first.spacing };
  const [nx, ny] = first.dims;
  const [x0, y0, z0, x1, y1, z1] = box;
  for (let z = z0; z <= z1; z++) for (let y = y0; y <= y1; y++) {
    const row = (z * ny + y) * nx;
    for (let i = row + x0; i <= row + x1; i++) {
      let votes = 0;
      for (const m of masks) if (m.data[i]) votes++;
      if (votes > need) out[i] = 1;
    }
  }
  return { data: out, dims: first.dims, spacing: first.spacing };
}
