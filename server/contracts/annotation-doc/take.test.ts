import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, putFinding, readDoc, setAnswer, setSegmentAttribute } from './doc';
import { encodeRuns, rasterize } from './runs';
import type { TFinding, TStroke } from './schema';
import { clusterIds, takeAnswer, takeFinding, takeFindings, takeMask } from './take';

const [W, H] = [8, 6];
const img = (sopUid: string) => ({ seriesUid: 'se', sopUid, frame: 1 });
/** Pixels of the rectangle [x0, x1) × [y0, y1) as runs. */
function rect(x0: number, x1: number, y0: number, y1: number) {
  const m = new Uint8Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * W + x] = 1;
  return encodeRuns(m);
}
let n = 0;
const id = () => `n${++n}`;
const stroke = (labelId: string, op: 'paint' | 'erase', sop: string, runs: number[]): TStroke => ({ id: id(), labelId, op, image: img(sop), rows: H, columns: W, runs });
const finding = (fid: string, labelId: string, x: number, createdAt?: number): TFinding => ({ id: fid, labelId, tool: 'box', image: img('a'), points: [[x, 0, 0], [x + 1, 1, 0]], values: [], text: '', attributes: {}, ...(createdAt === undefined ? {} : { createdAt }) });

function docWith(strokes: TStroke[], findings: TFinding[] = [], answers: Record<string, string> = {}) {
  const d = new Y.Doc();
  for (const s of strokes) addStroke(d, s);
  for (const f of findings) putFinding(d, f);
  for (const [k, v] of Object.entries(answers)) setAnswer(d, k, v);
  return d;
}
const LABELS = ['liver', 'tumour'];
const maskOf = (d: Y.Doc, sop: string, label: string) => Array.from(rasterize(readDoc(d).strokes, LABELS).get(`${sop}/1`)?.data ?? new Uint8Array(W * H), (v) => (v === LABELS.indexOf(label) + 1 ? 1 : 0));

describe('taking a reader’s version into the consensus document', () => {
  // The read: liver 0..5 × 0..4, then a tumour painted over part of it, then liver erased at x 0..1 — its final liver is what is left.
  const read = readDoc(docWith([stroke('liver', 'paint', 'a', rect(0, 5, 0, 4)), stroke('tumour', 'paint', 'a', rect(3, 6, 2, 5)), stroke('liver', 'erase', 'a', rect(0, 2, 0, 4)), stroke('liver', 'paint', 'b', rect(1, 3, 1, 3))], [finding('r1', 'lesion', 5), finding('r2', 'lesion', 6)], { q: 'yes' }));

  it('replaces the label’s mask on every frame by the read’s final mask and leaves other labels alone', () => {
    const doc = docWith([stroke('liver', 'paint', 'a', rect(4, 8, 3, 6)), stroke('tumour', 'paint', 'a', rect(0, 2, 4, 6)), stroke('liver', 'paint', 'b', rect(5, 8, 0, 2))]);
    takeMask(doc, read, 'liver', LABELS, id);
    for (const sop of ['a', 'b']) expect(maskOf(doc, sop, 'liver')).toEqual(maskOf(docWith(read.strokes), sop, 'liver'));
    // The document's tumour, outside the read's liver, is untouched.
    expect(maskOf(doc, 'a', 'tumour')).toEqual(maskOf(docWith([stroke('tumour', 'paint', 'a', rect(0, 2, 4, 6))]), 'a', 'tumour'));
  });

  it('taken whole, brings the read’s answers to the label’s questions (replacing the document’s); a slice range does not', () => {
    const answered = docWith(read.strokes);
    setSegmentAttribute(answered, 'liver', 'se', 'texture', 'coarse');
    const theirs = readDoc(answered);
    const doc = docWith([stroke('liver', 'paint', 'a', rect(4, 8, 3, 6))]);
    setSegmentAttribute(doc, 'liver', 'se', 'texture', 'fine');
    setSegmentAttribute(doc, 'liver', 'se', 'margin', 'smooth');
    takeMask(doc, theirs, 'liver', LABELS, id, new Set(['a/1']));
    expect(readDoc(doc).segments).toEqual([{ labelId: 'liver', seriesUid: 'se', attributes: { texture: 'fine', margin: 'smooth' } }]);
    takeMask(doc, theirs, 'liver', LABELS, id);
    expect(readDoc(doc).segments).toEqual([{ labelId: 'liver', seriesUid: 'se', attributes: { texture: 'coarse' } }]);
  });

  it('takes only the given frames', () => {
    const doc = docWith([stroke('liver', 'paint', 'a', rect(4, 8, 3, 6)), stroke('liver', 'paint', 'b', rect(5, 8, 0, 2))]);
    const before = maskOf(doc, 'b', 'liver');
    takeMask(doc, read, 'liver', LABELS, id, new Set(['a/1']));
    expect(maskOf(doc, 'a', 'liver')).toEqual(maskOf(docWith(read.strokes), 'a', 'liver'));
    expect(maskOf(doc, 'b', 'liver')).toEqual(before);
  });

  it('replaces a label’s findings by copies, listed after the findings already there in the read’s order, and an answer (a missing one clears it)', () => {
    const doc = docWith([], [finding('c1', 'lesion', 1), finding('c2', 'other', 2)], { q: 'no', r: 'x' });
    // Drawn by the reader before anything here was.
    const early = readDoc(docWith([], [finding('r1', 'lesion', 6, 1), finding('r2', 'lesion', 5, 2)]));
    const against = ['zb', 'za']; // new ids that sort against the read's order
    takeFindings(doc, early, 'lesion', () => against.shift()!);
    const after = readDoc(doc).findings;
    expect(after.map((f) => [f.labelId, f.points[0]![0]])).toEqual([['other', 2], ['lesion', 6], ['lesion', 5]]);
    expect(after.filter((f) => f.labelId === 'lesion').map((f) => f.points[0]![0]).sort()).toEqual([5, 6]);
    expect(after.some((f) => f.id === 'c2')).toBe(true);
    expect(after.some((f) => f.id === 'r1' || f.id === 'c1')).toBe(false);
    takeAnswer(doc, read, 'q');
    takeAnswer(doc, read, 'r');
    expect(readDoc(doc).answers).toEqual({ q: 'yes' });
  });

  it('is one undo step', () => {
    const doc = docWith([stroke('liver', 'paint', 'a', rect(4, 8, 3, 6))]);
    const origin = { local: true };
    const undo = new Y.UndoManager(doc.getArray('strokes'), { trackedOrigins: new Set([origin]) });
    const before = maskOf(doc, 'a', 'liver');
    doc.transact(() => takeMask(doc, read, 'liver', LABELS, id), origin);
    expect(maskOf(doc, 'a', 'liver')).not.toEqual(before);
    undo.undo();
    expect(maskOf(doc, 'a', 'liver')).toEqual(before);
  });

  it('takes one matched finding: it replaces its cluster’s consensus finding in its place in the list, and a second take of the same cluster replaces the first', () => {
    const ids = clusterIds('lesion', 0);
    const doc = docWith([], [finding(ids.consensusId, 'lesion', 1, 100), finding('consensus-lesion-2', 'lesion', 9, 200)]);
    const ravi = readDoc(docWith([], [finding('rv1', 'lesion', 2, 5_000), finding('rv2', 'lesion', 9)]));
    const rosa = readDoc(docWith([], [finding('rs1', 'lesion', 3)]));
    takeFinding(doc, ravi, 'rv1', ids);
    expect(readDoc(doc).findings.map((f) => [f.id, f.points[0]![0]]).sort()).toEqual([['consensus-lesion-2', 9], [ids.takenId, 2]]);
    expect(readDoc(doc).findings.map((f) => f.id)).toEqual([ids.takenId, 'consensus-lesion-2']);
    takeFinding(doc, rosa, 'rs1', ids);
    expect(readDoc(doc).findings.map((f) => [f.id, f.points[0]![0]])).toEqual([[ids.takenId, 3], ['consensus-lesion-2', 9]]);
    // A finding the read does not have changes nothing.
    takeFinding(doc, rosa, 'missing', clusterIds('lesion', 1));
    expect(readDoc(doc).findings).toHaveLength(2);
  });
});
