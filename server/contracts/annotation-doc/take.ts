import type * as Y from 'yjs';
import { addStroke, putFinding, readDoc, removeFinding, setAnswer, setSegmentAttribute } from './doc';
import { encodeRuns, frameKey, rasterize } from './runs';
import { segmentAnswers, type TAnnotationDoc, type TFinding, type TImageRef } from './schema';

/**
 * "Take reader X's version" in a consensus document: the read's answer, findings or mask
 * replaces the document's, as ordinary edits (they sync, and undo takes them back).
 */
export function takeAnswer(doc: Y.Doc, read: TAnnotationDoc, questionId: string) {
  setAnswer(doc, questionId, read.answers[questionId] ?? null);
}

/** A read's finding as a new one here: it takes its place in this document's order when it is written. */
const copied = ({ createdAt: _, ...f }: TFinding, id: string): TFinding => ({ ...f, id });

/** The document's findings of a label are replaced by copies of the read's (new ids), listed after those already there in the read's order. */
export function takeFindings(doc: Y.Doc, read: TAnnotationDoc, labelId: string, newId: () => string) {
  const now = Date.now();
  doc.transact(() => {
    for (const f of readDoc(doc).findings) if (f.labelId === labelId) removeFinding(doc, f.id);
    read.findings.filter((f) => f.labelId === labelId).forEach((f, i) => putFinding(doc, { ...copied(f, newId()), createdAt: now + i }));
  });
}

/**
 * One matched finding: the read's finding replaces what the document holds for its cluster
 * (the seeded consensus finding, or an earlier take) in its place in the list, under a stable id so taking another
 * reader's version of the same finding replaces it again.
 */
export function takeFinding(doc: Y.Doc, read: TAnnotationDoc, findingId: string, cluster: { consensusId: string; takenId: string }) {
  const f = read.findings.find((x) => x.id === findingId);
  if (!f) return;
  // The taken finding keeps the listed place of the one it replaces.
  const place = readDoc(doc).findings.find((x) => x.id === cluster.consensusId || x.id === cluster.takenId)?.createdAt;
  doc.transact(() => {
    removeFinding(doc, cluster.consensusId);
    putFinding(doc, { ...copied(f, cluster.takenId), ...(place === undefined ? {} : { createdAt: place }) });
  });
}

/** The ids a matched-finding cluster's findings have in a consensus document (see compareObjects). */
export const clusterIds = (labelId: string, index: number) => ({ consensusId: `consensus-${labelId}-${index + 1}`, takenId: `take-${labelId}-${index + 1}` });

/**
 * The document's mask of a label becomes the read's, on every frame or only on `frames`
 * (keys `sop/frame`): the label is erased where the document has it, and the read's final mask
 * of the label (its strokes replayed with every segmentation label) is painted, one stroke a frame.
 * Taken whole, the read's answers to the label's questions come with it.
 */
export function takeMask(doc: Y.Doc, read: TAnnotationDoc, labelId: string, segLabelIds: string[], newId: () => string, frames?: Set<string>) {
  const li = segLabelIds.indexOf(labelId) + 1;
  if (!li) return;
  const current = readDoc(doc);
  const mine = current.strokes;
  const images = new Map<string, TImageRef>([...mine, ...read.strokes].map((s) => [frameKey(s), s.image]));
  const inScope = (key: string) => !frames || frames.has(key);
  doc.transact(() => {
    for (const [key, f] of rasterize(mine, [labelId])) {
      const runs = encodeRuns(f.data);
      if (inScope(key) && runs.length) addStroke(doc, { id: newId(), labelId, op: 'erase', image: images.get(key)!, rows: f.rows, columns: f.columns, runs });
    }
    for (const [key, f] of rasterize(read.strokes, segLabelIds)) {
      const runs = encodeRuns(f.data.map((v) => (v === li ? 1 : 0)));
      if (inScope(key) && runs.length) addStroke(doc, { id: newId(), labelId, op: 'paint', image: images.get(key)!, rows: f.rows, columns: f.columns, runs });
    }
    if (frames) return;
    const series = new Set([...mine, ...read.strokes].filter((s) => s.labelId === labelId).map((s) => s.image.seriesUid));
    for (const seriesUid of series) {
      const theirs = segmentAnswers(read.segments, { labelId, seriesUid });
      const ours = segmentAnswers(current.segments, { labelId, seriesUid });
      for (const id of new Set([...Object.keys(ours), ...Object.keys(theirs)])) setSegmentAttribute(doc, labelId, seriesUid, id, theirs[id] ?? null);
    }
  });
}
