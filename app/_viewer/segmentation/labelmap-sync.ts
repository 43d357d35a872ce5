import { cache } from '@cornerstonejs/core';
import { segmentation } from '@cornerstonejs/tools';
import type * as Y from 'yjs';
import { addStroke, roots } from '@/server/contracts/annotation-doc/doc';
import { encodeRuns, frameKey, rasterize } from '@/server/contracts/annotation-doc/runs';
import type { TStroke } from '@/server/contracts/annotation-doc/schema';
import { sameBytes } from './bytes';

export interface LabelmapSyncOptions {
  doc: Y.Doc;
  origin: object;
  segmentationId: string;
  seriesUid: string;
  /** Source image ids (the stack) and their labelmap image ids, index for index. */
  imageIds: string[];
  labelmapIds: string[];
  refOf(imageId: string): { sopUid: string; frame: number } | null;
  /** Segmentation label ids; segment index = position + 1. */
  labelIds: string[];
  newId(): string;
  /** After the labelmap was redrawn from the document. */
  onRedraw?(): void;
}

/**
 * Keeps a stack's labelmap and the document's stroke log in step. Edits by cornerstone's tools
 * (brush, eraser, scissors, fill, threshold) are found by comparing each touched labelmap slice
 * with a shadow copy, and appended as paint/erase strokes. Strokes arriving from elsewhere
 * (another tab, undo, the stored document) re-rasterise the labelmap from the log.
 */
export function bindLabelmap(o: LabelmapSyncOptions) {
  const shadow = new Map<number, Uint8Array>();
  const indexOfKey = new Map<string, number>();
  o.imageIds.forEach((id, i) => {
    const ref = o.refOf(id);
    if (ref) indexOfKey.set(`${ref.sopUid}/${ref.frame}`, i);
  });
  const pixels = (i: number) => cache.getImage(o.labelmapIds[i]!)?.getPixelData() as Uint8Array | undefined;

  function fromDoc() {
    const strokes = roots(o.doc).strokes.toArray().filter((s) => s?.image?.seriesUid === o.seriesUid);
    const frames = rasterize(strokes, o.labelIds);
    const touched = new Set<number>([...shadow.keys()]);
    for (const key of frames.keys()) {
      const i = indexOfKey.get(key);
      if (i !== undefined) touched.add(i);
    }
    for (const i of touched) {
      const data = pixels(i);
      if (!data) continue;
      const ref = o.refOf(o.imageIds[i]!);
      const f = ref ? frames.get(frameKey({ image: ref })) : undefined;
      if (f && f.data.length === data.length) data.set(f.data);
      else data.fill(0);
      shadow.set(i, data.slice());
    }
    segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(o.segmentationId);
    o.onRedraw?.();
  }

  /** Turns what changed on these slices since the last look into strokes. */
  function flush(indices: Iterable<number>) {
    const strokes: TStroke[] = [];
    for (const i of indices) {
      const data = pixels(i);
      const ref = o.refOf(o.imageIds[i]!);
      const image = cache.getImage(o.labelmapIds[i]!);
      if (!data || !ref || !image) continue;
      const before = shadow.get(i) ?? new Uint8Array(data.length);
      for (const [li, labelId] of o.labelIds.entries()) {
        const label = li + 1;
        const painted = new Uint8Array(data.length);
        const erased = new Uint8Array(data.length);
        let any = false;
        for (let p = 0; p < data.length; p++) {
          if (data[p] === label && before[p] !== label) painted[p] = any = 1 as never;
          else if (before[p] === label && data[p] !== label) erased[p] = any = 1 as never;
        }
        if (!any) continue;
        const base = { labelId, image: { seriesUid: o.seriesUid, ...ref }, rows: image.rows, columns: image.columns };
        const paint = encodeRuns(painted);
        const erase = encodeRuns(erased);
        if (erase.length) strokes.push({ ...base, id: o.newId(), op: 'erase' as const, runs: erase });
        if (paint.length) strokes.push({ ...base, id: o.newId(), op: 'paint' as const, runs: paint });
      }
      shadow.set(i, data.slice());
    }
    if (strokes.length) o.doc.transact(() => strokes.forEach((s) => addStroke(o.doc, s)), o.origin);
  }

  /** The slices whose labelmap differs from what the document last had: after an edit that may have reached any of them (a reconstruction's brush). */
  function changed(): number[] {
    const out: number[] = [];
    o.labelmapIds.forEach((_, i) => {
      const data = pixels(i);
      if (data && !sameBytes(data, shadow.get(i))) out.push(i);
    });
    return out;
  }

  const observer = (_e: unknown, tx: Y.Transaction) => {
    if (tx.origin !== o.origin) fromDoc();
  };
  roots(o.doc).strokes.observe(observer);
  fromDoc();
  return { flush, changed, refresh: fromDoc, destroy: () => roots(o.doc).strokes.unobserve(observer) };
}
