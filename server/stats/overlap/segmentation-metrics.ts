import { fail, ok, type Result } from '../core/result';
import { squaredEdt } from './edt';
import { assertSameGrid, unionBox, type Volume } from './volume';

export interface OverlapMetrics {
  dice: number;
  jaccard: number;
  /** Volumes in mm³ and their difference b − a, also relative to a. */
  volumeA: number;
  volumeB: number;
  volumeDifference: number;
  relativeVolumeDifference: number | null;
  /** Surface distances in mm; null with `distanceReason` when a mask is empty. */
  hausdorff: number | null;
  hausdorff95: number | null;
  assd: number | null;
  distanceReason?: string;
}

/**
 * Overlap and surface-distance agreement of two binary masks on the same grid.
 *
 * - Dice = 2|A∩B| / (|A|+|B|), Jaccard = |A∩B| / |A∪B| (both empty: 1, by convention).
 * - Surface of a mask: its foreground voxels with at least one of the 6 face neighbours in the
 *   background or outside the volume (2-D: 4 neighbours). Distances are between voxel centres,
 *   in millimetres with the anisotropic spacing, from each surface voxel of one mask to the
 *   nearest surface voxel of the other, using the exact EDT (edt.ts) — never brute force.
 * - Hausdorff = the largest of those distances in both directions;
 *   HD95 = max(P95 of A→B distances, P95 of B→A distances), P95 the nearest-rank 95th
 *   percentile (the definition of MONAI's compute_hausdorff_distance with percentile=95);
 *   ASSD = (Σ A→B + Σ B→A) / (|S_A| + |S_B|).
 * Work is cropped to the bounding box of the union of both foregrounds: every surface voxel
 * lies in it, so the distances are exactly those of the full volume.
 */
export function segmentationMetrics(a: Volume, b: Volume): Result<OverlapMetrics> {
  return pairwiseSegmentationMetrics([a, b])[0]!.metrics;
}

/**
 * Every pair's metrics, as segmentationMetrics, sharing the work: masks are cropped once to the
 * union box of all of them, and each mask's surface and surface distance map are computed once
 * (R transforms instead of R(R−1)). Results equal the pair-by-pair computation.
 */
export function pairwiseSegmentationMetrics(masks: readonly Volume[]): { a: number; b: number; metrics: Result<OverlapMetrics> }[] {
  assertSameGrid(masks);
  const first = masks[0]!;
  const voxel = first.spacing[0] * first.spacing[1] * first.spacing[2];
  // Every foreground voxel, and so every surface voxel, lies in the union box: work only there.
  const box = unionBox(masks) ?? [0, 0, 0, 0, 0, 0];
  const out: { a: number; b: number; metrics: Result<OverlapMetrics> }[] = [];
  const cropped = masks.map((m) => crop(m, box));
  const dims = cropped[0]!.dims;
  const counts = cropped.map((c) => c.data.reduce((s, v) => s + v, 0));
  const surfaces = cropped.map((c) => surface(c.data, dims));
  const maps = surfaces.map((sf, i) => (counts[i] ? squaredEdt(sf, dims, first.spacing) : null));
  for (let a = 0; a < masks.length; a++) for (let b = a + 1; b < masks.length; b++) {
    const [da, db] = [cropped[a]!.data, cropped[b]!.data];
    let both = 0;
    for (let i = 0; i < da.length; i++) both += da[i]! & db[i]!;
    const [na, nb] = [counts[a]!, counts[b]!];
    const union = na + nb - both;
    const base = {
      dice: na + nb === 0 ? 1 : (2 * both) / (na + nb),
      jaccard: union === 0 ? 1 : both / union,
      volumeA: na * voxel,
      volumeB: nb * voxel,
      volumeDifference: (nb - na) * voxel,
      relativeVolumeDifference: na ? (nb - na) / na : null,
    };
    let metrics: Result<OverlapMetrics>;
    if (!na && !nb) metrics = ok({ ...base, hausdorff: 0, hausdorff95: 0, assd: 0 });
    else if (!na || !nb) metrics = ok({ ...base, hausdorff: null, hausdorff95: null, assd: null, distanceReason: 'one mask is empty: surface distances are undefined' });
    else {
      const ab = directed(surfaces[a]!, maps[b]!);
      const ba = directed(surfaces[b]!, maps[a]!);
      const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
      metrics = ab.length && ba.length
        ? ok({ ...base, hausdorff: Math.max(ab[ab.length - 1]!, ba[ba.length - 1]!), hausdorff95: Math.max(nearestRank(ab, 95), nearestRank(ba, 95)), assd: (sum(ab) + sum(ba)) / (ab.length + ba.length) })
        : fail('no surface voxels');
    }
    out.push({ a, b, metrics });
  }
  return out;
}

/** Sorted distances (mm) from the surface voxels in `from` to the feature set of `sq`. */
function directed(from: Uint8Array, sq: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < from.length; i++) n += from[i]!;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < from.length; i++) if (from[i]) out[j++] = Math.sqrt(sq[i]!);
  return out.sort();
}

/** Nearest-rank percentile of sorted values. */
export function nearestRank(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function crop(v: Volume, box: [number, number, number, number, number, number]): Volume {
  const [x0, y0, z0, x1, y1, z1] = box;
  const dims: [number, number, number] = [x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1];
  const out = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const [nx, ny] = v.dims;
  for (let z = 0; z < dims[2]; z++) for (let y = 0; y < dims[1]; y++) {
    const src = (z + z0) * nx * ny + (y + y0) * nx + x0;
    const dst = (z * dims[1] + y) * dims[0];
    for (let x = 0; x < dims[0]; x++) out[dst + x] = v.data[src + x] ? 1 : 0;
  }
  return { data: out, dims, spacing: v.spacing };
}

/** Foreground voxels with a face neighbour outside the mask (or outside the grid). */
export function surface(m: Uint8Array, dims: [number, number, number]): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = new Uint8Array(m.length);
  const flat = nz === 1;
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const i = (z * ny + y) * nx + x;
    if (!m[i]) continue;
    const edge =
      x === 0 || x === nx - 1 || y === 0 || y === ny - 1 || (!flat && (z === 0 || z === nz - 1)) ||
      !m[i - 1] || !m[i + 1] || !m[i - nx] || !m[i + nx] || (!flat && (!m[i - nx * ny] || !m[i + nx * ny]));
    if (edge) out[i] = 1;
  }
  return out;
}
