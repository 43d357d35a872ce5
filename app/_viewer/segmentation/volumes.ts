import { cache, metaData } from '@cornerstonejs/core';
import { segmentation } from '@cornerstonejs/tools';
import type { TLabel } from '@/server/contracts/label-schema';
import type { LoadedSeries } from '../core/series';
import type { SegmentState } from './segment-list';

/** The part of the live viewer segment volumes are counted from. */
export interface VolumeSource {
  series: LoadedSeries;
  segmentationId?: string;
  /** Pixels per segment index on each labelmap slice. */
  sliceCounts: Map<number, number[]>;
}

/**
 * Voxels per segment across the stack, as millilitres (pixel area × slice spacing). Counts are
 * kept per slice: after a brush stroke only the touched slices are counted again.
 */
export function segmentVolumes(l: VolumeSource, labels: TLabel[], only?: Iterable<number>): SegmentState[] {
  const found = l.segmentationId ? segmentation.getLabelmapImageIds(l.segmentationId) : null;
  const ids: string[] = Array.isArray(found) ? (found as string[]) : found ? [found] : [];
  for (const i of only ?? ids.keys()) {
    const data = cacheImage(ids[i] ?? '')?.getPixelData() as Uint8Array | undefined;
    if (!data) continue;
    const c = new Array<number>(labels.length + 1).fill(0);
    for (let p = 0; p < data.length; p++) c[data[p]!] = (c[data[p]!] ?? 0) + 1;
    l.sliceCounts.set(i, c);
  }
  const img = cacheImage(l.series.imageIds[0]!);
  const spacing = img ? (img.rowPixelSpacing ?? 1) * (img.columnPixelSpacing ?? 1) : 1;
  const gap = sliceGap(l.series.imageIds);
  return labels.map((label, i) => {
    let voxels = 0;
    for (const c of l.sliceCounts.values()) voxels += c[i + 1] ?? 0;
    return { labelId: label.id, voxels, ml: (voxels * spacing * gap) / 1000 };
  });
}

function sliceGap(imageIds: string[]) {
  if (imageIds.length < 2) return 1;
  const a = metaPlane(imageIds[0]!);
  const b = metaPlane(imageIds[1]!);
  if (!a || !b) return 1;
  return Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!) || 1;
}

const cacheImage = (id: string) => cache.getImage(id);
const metaPlane = (id: string) => (metaData.get('imagePlaneModule', id) as { imagePositionPatient?: number[] } | undefined)?.imagePositionPatient;
