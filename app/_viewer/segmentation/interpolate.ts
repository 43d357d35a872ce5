import type * as Y from 'yjs';
import { interpolateLabel } from '@/server/contracts/annotation-doc/doc';
import type { LoadedSeries } from '../core/series';
import type { bindLabelmap } from './labelmap-sync';

/** Interpolates a label through the shown series (its frames in stack order) and repaints the labelmap; returns the slices filled. */
export function interpolateShown(doc: Y.Doc, shown: { series: LoadedSeries; labelmap?: ReturnType<typeof bindLabelmap> }, p: { labelId: string; segmentationLabelIds: string[]; origin: object; newId: () => string }) {
  const images = shown.series.imageIds.flatMap((id) => {
    const f = shown.series.frames.get(id);
    return f ? [{ seriesUid: shown.series.seriesUid, ...f }] : [];
  });
  const filled = interpolateLabel(doc, { ...p, images });
  // The labelmap follows others' strokes by itself; this reader's own come from the brush, so repaint.
  shown.labelmap?.refresh();
  return filled;
}
