import { deflateSync } from 'node:zlib';
import { rasterize } from '../../contracts/annotation-doc/runs';
import { segmentAnswers, type TSegmentAnswers, type TStroke } from '../../contracts/annotation-doc/schema';
import { db } from '../../db/client';
import { seriesGeometryRepository } from '../../db/repositories/read.repository';
import { DomainError } from '../../errors/domain-error';
import { cross, dot } from '../../contracts/vec3';

type Slice = Awaited<ReturnType<typeof seriesGeometryRepository.slices>>[number];

/**
 * The volume grid of a series: frames ordered along the slice normal (instance number where a
 * position is missing), spacing from Pixel Spacing and the median distance between slices.
 */
export function seriesGrid(slices: Slice[]) {
  const first = slices[0];
  if (!first?.rows || !first.columns) throw new DomainError('PRECONDITION_FAILED', 'The series has no image geometry');
  const orientation = first.imageOrientation.length === 6 ? first.imageOrientation : [1, 0, 0, 0, 1, 0];
  const row = orientation.slice(0, 3);
  const col = orientation.slice(3, 6);
  const normal = cross(row, col);
  const frames: { key: string; z: number }[] = [];
  for (const s of slices) {
    const z = s.imagePosition.length === 3 ? dot(s.imagePosition, normal) : (s.instanceNumber ?? 0);
    for (let f = 1; f <= s.numberOfFrames; f++) frames.push({ key: `${s.sopInstanceUid}/${f}`, z: z + (f - 1) * (s.sliceThickness ?? 1) });
  }
  frames.sort((a, b) => a.z - b.z);
  const gaps = frames.slice(1).map((f, i) => f.z - frames[i]!.z).sort((a, b) => a - b);
  const gap = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : (first.sliceThickness ?? 1);
  const lowest = slices.reduce((m, s) => (s.imagePosition.length === 3 && dot(s.imagePosition, normal) < dot(m.imagePosition, normal) ? s : m), first);
  return {
    dims: [first.columns, first.rows, frames.length],
    spacing: [first.pixelSpacing[1] ?? 1, first.pixelSpacing[0] ?? 1, gap > 0 ? gap : 1],
    origin: lowest.imagePosition.length === 3 ? lowest.imagePosition : [0, 0, 0],
    direction: [...row, ...col, ...normal],
    index: new Map(frames.map((f, i) => [f.key, i])),
  };
}

/** Rasterises a read's strokes into one binary volume per (segmentation label, series), with the segment's answers. */
export async function buildMasks(orgId: string, projectId: string, strokes: TStroke[], labelIds: string[], segments: TSegmentAnswers[] = []) {
  const bySeries = new Map<string, TStroke[]>();
  for (const s of strokes) (bySeries.get(s.image.seriesUid) ?? bySeries.set(s.image.seriesUid, []).get(s.image.seriesUid)!).push(s);
  const masks = [];
  for (const [seriesUid, list] of bySeries) {
    const grid = seriesGrid(await seriesGeometryRepository.slices(db(), orgId, projectId, seriesUid));
    const [nx, ny, nz] = grid.dims as [number, number, number];
    const frames = rasterize(list, labelIds);
    for (const [li, labelId] of labelIds.entries()) {
      const volume = new Uint8Array(nx * ny * nz);
      let count = 0;
      for (const [key, f] of frames) {
        const z = grid.index.get(key);
        if (z === undefined || f.rows !== ny || f.columns !== nx) continue;
        const offset = z * nx * ny;
        for (let i = 0; i < f.data.length; i++) {
          if (f.data[i] === li + 1) {
            volume[offset + i] = 1;
            count++;
          }
        }
      }
      if (!count) continue;
      masks.push({ labelId, seriesUid, dims: grid.dims, spacing: grid.spacing, origin: grid.origin, direction: grid.direction, voxelCount: count, voxels: deflateSync(volume), attributes: segmentAnswers(segments, { labelId, seriesUid }) });
    }
  }
  return masks;
}
