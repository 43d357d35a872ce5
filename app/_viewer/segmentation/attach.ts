import { cache, eventTarget, imageLoader, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, segmentation } from '@cornerstonejs/tools';
import type * as Y from 'yjs';
import type { TLabel } from '@/server/contracts/label-schema';
import { hex } from '../core/color';
import type { ViewerTool } from '../tools/tool-group';
import { bindLabelmap } from './labelmap-sync';
import type { SegmentState } from './segment-list';
import { segmentVolumes, type VolumeSource } from './volumes';

export interface AttachLabelmapsOptions {
  segmentationId: string;
  viewportId: string;
  viewport: Types.IStackViewport;
  seriesUid: string;
  /** The live viewer: the labelmap binding and the segmentation id are set on it. */
  live: VolumeSource & { labelmap?: ReturnType<typeof bindLabelmap> };
  /** The viewer's props now (read at each event, not captured). */
  current(): { doc: Y.Doc; origin: object; segLabels: TLabel[]; readOnly: boolean; tool: ViewerTool; brushSize: number; newId(): string };
  onSegments(segments: SegmentState[]): void;
}

/**
 * Labelmaps for the shown series, once every slice is in the cache (they are derived from the
 * images' geometry), bound to the document's strokes; painting is flushed into the document 200 ms
 * after it settles. Returns what undoes it all.
 */
export function attachLabelmaps(o: AttachLabelmapsOptions): () => void {
  const { segmentationId, viewportId, live: l } = o;
  const { imageIds } = l.series;
  const labelmapIds = imageLoader.createAndCacheDerivedLabelmapImages(imageIds).map((i) => i.imageId);
  segmentation.addSegmentations([{ segmentationId, representation: { type: ToolEnums.SegmentationRepresentations.Labelmap, data: { imageIds: labelmapIds } } }]);
  l.segmentationId = segmentationId;
  const now = o.current();
  showLabelmapIn(viewportId, segmentationId, now.segLabels);
  const labelmap = bindLabelmap({
    doc: now.doc,
    origin: now.origin,
    segmentationId,
    seriesUid: o.seriesUid,
    imageIds,
    labelmapIds,
    refOf: (id) => l.series.frames.get(id) ?? null,
    labelIds: now.segLabels.map((s) => s.id),
    newId: () => o.current().newId(),
    onRedraw: () => l.segmentationId && o.onSegments(segmentVolumes(l, o.current().segLabels)),
  });
  l.labelmap = labelmap;
  let dirty: ReturnType<typeof setTimeout> | null = null;
  const touched = new Set<number>();
  let anywhere = false;
  const onSegmentation = (e: Event) => {
    const d = (e as CustomEvent<{ segmentationId: string }>).detail;
    const c = o.current();
    if (d.segmentationId !== segmentationId || c.readOnly) return;
    // On a stack each labelmap is one image (the event's slice numbers are within it): the edit is on the shown
    // image — or, for the sphere brush, also on the slices within its radius (only what changed becomes strokes).
    // Shown in the MPR views too, the edit may have been made there, across any of the slices: all are compared.
    if (segmentation.state.getViewportIdsWithSegmentation(segmentationId).length > 1) anywhere = true;
    const here = o.viewport.getCurrentImageIdIndex();
    const reach = c.tool === 'sphereBrush' ? Math.ceil(c.brushSize) : 0;
    for (let i = Math.max(0, here - reach); i <= Math.min(imageIds.length - 1, here + reach); i++) touched.add(i);
    if (dirty) clearTimeout(dirty);
    dirty = setTimeout(() => {
      const slices = anywhere ? labelmap.changed() : [...touched];
      touched.clear();
      anywhere = false;
      labelmap.flush(slices);
      o.onSegments(segmentVolumes(l, o.current().segLabels, slices));
    }, 200);
  };
  eventTarget.addEventListener(ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, onSegmentation);
  o.onSegments(segmentVolumes(l, now.segLabels));
  return () => {
    if (dirty) clearTimeout(dirty);
    eventTarget.removeEventListener(ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, onSegmentation);
    labelmap.destroy();
    segmentation.removeSegmentation(segmentationId);
  };
}

/**
 * Shows the segmentation in a viewport, each segment in its label's colour; with `like`, each
 * segment shown or hidden, and as opaque, as there (the MPR views follow the stack's segment list).
 * Returns what takes it off again.
 */
export function showLabelmapIn(viewportId: string, segmentationId: string, labels: TLabel[], like?: string): () => void {
  segmentation.addLabelmapRepresentationToViewportMap({ [viewportId]: [{ segmentationId }] });
  const spec = { segmentationId, type: ToolEnums.SegmentationRepresentations.Labelmap };
  labels.forEach((label, i) => {
    segmentation.config.color.setSegmentIndexColor(viewportId, segmentationId, i + 1, [...hex(label.color), 255] as Types.Color);
    if (like) segmentation.config.visibility.setSegmentIndexVisibility(viewportId, spec, i + 1, segmentation.config.visibility.getSegmentIndexVisibility(like, spec, i + 1));
  });
  if (like) segmentation.config.style.setStyle({ viewportId, ...spec }, segmentation.config.style.getStyle({ viewportId: like, ...spec }));
  return () => {
    // Gone already when the stack let go of the series first.
    if (segmentation.state.getSegmentation(segmentationId)) segmentation.removeSegmentationRepresentations(viewportId, { segmentationId });
  };
}

type LabelmapLayers = { labelmaps?: Record<string, { geometryVolumeId?: string }> };

/**
 * Drops the volume cornerstone made of the stack's labelmaps for volume views (it shares their
 * pixels, not a copy). Kept after the views closed, it drew nothing in views opened later: its
 * texture went with their WebGL context. Made again when next needed.
 */
export function dropLabelmapVolume(segmentationId: string) {
  const data = segmentation.state.getSegmentation(segmentationId)?.representationData.Labelmap as LabelmapLayers | undefined;
  for (const layer of Object.values(data?.labelmaps ?? {})) {
    if (layer.geometryVolumeId && cache.getVolume(layer.geometryVolumeId)) cache.removeVolumeLoadObject(layer.geometryVolumeId);
  }
}
