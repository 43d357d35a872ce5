import { deflateSync } from 'node:zlib';
import type { TSegmentationItem } from '../../contracts/agreement';
import type { TAnswer } from '../../contracts/annotation-doc/schema';
import type { TLabel } from '../../contracts/label-schema';
import { inflateVoxels } from '../reading/voxels';
import { assertSameGrid, majorityVote, pairwiseSegmentationMetrics, staple, type Volume } from '../../stats';

export interface MaskRow {
  labelId: string;
  seriesUid: string;
  dims: number[];
  spacing: number[];
  origin: number[];
  direction: number[];
  voxelCount: number;
  voxels: Uint8Array;
  /** The reader's answers to the label's questions for this segment (reads only). */
  attributes?: Record<string, TAnswer>;
}

/** A stored mask row as the engine reads it: its answers column holds what the read document gave (JSON). */
export const maskRowOf = <T extends { attributes: unknown }>(m: T): T & { attributes: Record<string, TAnswer> } => ({ ...m, attributes: m.attributes as Record<string, TAnswer> });

export interface ConsensusMaskOut extends Omit<MaskRow, 'voxels'> {
  method: 'majority' | 'staple';
  voxels: Uint8Array;
}

const volumeOf = (m: MaskRow): Volume => ({ data: inflateVoxels(m.voxels, m.dims), dims: m.dims as Volume['dims'], spacing: m.spacing as Volume['spacing'] });

/**
 * One segmentation label across a case's reads, per series it was painted on: every reader
 * pair's Dice, Jaccard and surface distances (a reader who painted nothing there has an empty
 * mask), each reader's STAPLE sensitivity and specificity, and the candidate consensus mask by
 * the project's method (STAPLE, or the strict majority vote; a lead-decides project is seeded
 * with the majority).
 */
export function compareMasks(label: TLabel, reads: { readerId: string; masks: MaskRow[] }[], method: 'majority' | 'staple'): { items: TSegmentationItem[]; masks: ConsensusMaskOut[] } {
  const items: TSegmentationItem[] = [];
  const out: ConsensusMaskOut[] = [];
  const series = new Set(reads.flatMap((r) => r.masks.filter((m) => m.labelId === label.id).map((m) => m.seriesUid)));
  for (const seriesUid of series) {
    const own = reads.map((r) => r.masks.find((m) => m.labelId === label.id && m.seriesUid === seriesUid) ?? null);
    const grid = own.find((m) => m !== null)!;
    const base = { kind: 'segmentation' as const, id: label.id, name: label.name, seriesUid };
    const volumes = own.map((m) => (m ? volumeOf(m) : { data: new Uint8Array(grid.dims[0]! * grid.dims[1]! * grid.dims[2]!), dims: grid.dims as Volume['dims'], spacing: grid.spacing as Volume['spacing'] }));
    const voxelMl = (grid.spacing[0]! * grid.spacing[1]! * grid.spacing[2]!) / 1000;
    const readers = reads.map((r, i) => ({ readerId: r.readerId, voxels: own[i]?.voxelCount ?? 0, volumeMl: (own[i]?.voxelCount ?? 0) * voxelMl, sensitivity: null as number | null, specificity: null as number | null }));
    try {
      assertSameGrid(volumes);
    } catch (err) {
      items.push({ ...base, readers, pairs: [], agreement: null, reason: `the masks do not share one grid: ${(err as Error).message}`, consensus: null });
      continue;
    }
    const pairs = pairwiseSegmentationMetrics(volumes).map(({ a, b, metrics }) => {
      // Both masks are on the grid and one is non-empty, so the metrics are defined.
      const m = metrics.ok ? metrics.value : { dice: 0, jaccard: 0, hausdorff: null, hausdorff95: null, assd: null };
      return { a: reads[a]!.readerId, b: reads[b]!.readerId, dice: m.dice, jaccard: m.jaccard, hausdorff: m.hausdorff, hausdorff95: m.hausdorff95, assd: m.assd };
    });
    const st = volumes.length > 1 ? staple(volumes) : null;
    if (st?.ok) st.value.readers.forEach((s, i) => Object.assign(readers[i]!, { sensitivity: s.sensitivity, specificity: s.specificity }));
    const mask = method === 'staple' && st?.ok ? st.value.consensus : volumes.length > 1 ? majorityVote(volumes) : volumes[0]!;
    let count = 0;
    for (let i = 0; i < mask.data.length; i++) count += mask.data[i]!;
    if (count) out.push({ labelId: label.id, seriesUid, dims: grid.dims, spacing: grid.spacing, origin: grid.origin, direction: grid.direction, voxelCount: count, method, voxels: deflateSync(mask.data) });
    items.push({
      ...base,
      readers,
      pairs,
      agreement: pairs.length ? pairs.reduce((s, p) => s + p.dice, 0) / pairs.length : null,
      reason: pairs.length ? null : 'one read: nothing to compare',
      consensus: { method, voxels: count, volumeMl: count * voxelMl },
    });
  }
  return { items, masks: out };
}
