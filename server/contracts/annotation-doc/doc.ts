import * as Y from 'yjs';
import { interpolateGaps } from './interpolate';
import { encodeRuns, frameKey, rasterize } from './runs';
import { FORMAT_VERSION, parseSegmentKey, segmentKey, ZAnswerSchema, ZAssistSchema, ZFindingSchema, ZStrokeSchema, type TAnnotationDoc, type TAnswer, type TAssist, type TFinding, type TImageRef, type TStroke } from './schema';

/** Edits and reads of an annotation document; browser and server use the same functions. */
export const roots = (doc: Y.Doc) => ({
  meta: doc.getMap<unknown>('meta'),
  answers: doc.getMap<TAnswer>('answers'),
  findings: doc.getMap<Y.Map<unknown>>('findings'),
  strokes: doc.getArray<TStroke>('strokes'),
  assists: doc.getArray<TAssist>('assists'),
  segments: doc.getMap<Y.Map<TAnswer>>('segments'),
});

export function formatOf(doc: Y.Doc): number {
  const f = roots(doc).meta.get('format');
  return typeof f === 'number' ? f : 0;
}

/** Stamps a new, empty document with the current format and the label schema it is read against. */
export function initDoc(doc: Y.Doc, labelSchemaVersion: number) {
  const { meta } = roots(doc);
  if (meta.has('format')) return;
  doc.transact(() => {
    meta.set('format', FORMAT_VERSION);
    meta.set('labelSchemaVersion', labelSchemaVersion);
  });
}

export function setAnswer(doc: Y.Doc, questionId: string, value: TAnswer | null) {
  const { answers } = roots(doc);
  if (value === null || (Array.isArray(value) && !value.length) || value === '') answers.delete(questionId);
  else answers.set(questionId, ZAnswerSchema.parse(value));
}

/** Adds or replaces a finding's fields; attributes already set are kept unless given. */
export function putFinding(doc: Y.Doc, finding: TFinding) {
  const f = ZFindingSchema.parse(finding);
  const { findings } = roots(doc);
  doc.transact(() => {
    let m = findings.get(f.id);
    if (!m) {
      m = new Y.Map<unknown>();
      findings.set(f.id, m);
      m.set('attributes', new Y.Map<TAnswer>());
      m.set('createdAt', f.createdAt ?? Date.now());
    }
    const { attributes, ...fields } = f;
    for (const [k, v] of Object.entries(fields)) if (JSON.stringify(m.get(k)) !== JSON.stringify(v)) m.set(k, v);
    const attrs = m.get('attributes') as Y.Map<TAnswer>;
    for (const [k, v] of Object.entries(attributes)) attrs.set(k, v);
  });
}

export function setFindingAttribute(doc: Y.Doc, findingId: string, questionId: string, value: TAnswer | null) {
  const attrs = roots(doc).findings.get(findingId)?.get('attributes') as Y.Map<TAnswer> | undefined;
  if (!attrs) return;
  if (value === null || value === '' || (Array.isArray(value) && !value.length)) attrs.delete(questionId);
  else attrs.set(questionId, ZAnswerSchema.parse(value));
}

/** Answers a per-finding question of a segmentation label for its segment in one series. */
export function setSegmentAttribute(doc: Y.Doc, labelId: string, seriesUid: string, questionId: string, value: TAnswer | null) {
  const { segments } = roots(doc);
  const key = segmentKey({ labelId, seriesUid });
  let attrs = segments.get(key);
  if (value === null || value === '' || (Array.isArray(value) && !value.length)) {
    attrs?.delete(questionId);
    return;
  }
  const answer = ZAnswerSchema.parse(value);
  doc.transact(() => {
    if (!(attrs instanceof Y.Map)) segments.set(key, (attrs = new Y.Map<TAnswer>()));
    attrs.set(questionId, answer);
  });
}

export function removeFinding(doc: Y.Doc, findingId: string) {
  roots(doc).findings.delete(findingId);
}

export function addStroke(doc: Y.Doc, stroke: TStroke) {
  roots(doc).strokes.push([ZStrokeSchema.parse(stroke)]);
}

/** Records a decision on a model proposal; an accepted one is painted as a stroke naming it, in the same transaction. */
export function addAssist(doc: Y.Doc, assist: TAssist, stroke?: Omit<TStroke, 'assistId'>) {
  const a = ZAssistSchema.parse(assist);
  doc.transact(() => {
    roots(doc).assists.push([a]);
    if (a.outcome === 'accepted' && stroke) addStroke(doc, { ...stroke, assistId: a.id });
  });
}


/**
 * A mask proposal decided: the assist keeping the proposal as it was offered and, when accepted,
 * the paint stroke it becomes (one transaction).
 */
export function decideMaskProposal(doc: Y.Doc, d: Omit<TAssist, 'id' | 'rows' | 'columns' | 'runs'> & { mask: Uint8Array; columns: number }, newId: () => string) {
  const base = { labelId: d.labelId, image: d.image, rows: d.mask.length / d.columns, columns: d.columns, runs: encodeRuns(d.mask) };
  const assist = { ...base, id: newId(), model: d.model, version: d.version, prompt: d.prompt, outcome: d.outcome, latencyMs: d.latencyMs };
  addAssist(doc, assist, d.outcome === 'accepted' ? { ...base, id: newId(), op: 'paint' } : undefined);
}

/**
 * Whether an image still waits for pre-annotation: nothing painted or drawn on it for these
 * labels and no pre-annotation decided on it yet (accepted or rejected, by anyone editing the
 * document).
 */
export function preannotationDue(doc: Y.Doc, image: TImageRef, labelIds: string[]): boolean {
  const { strokes, assists, findings } = roots(doc);
  const key = frameKey({ image });
  if (assists.toArray().some((a) => a.prompt === 'preannotate' && frameKey(a) === key)) return false;
  if (strokes.toArray().some((s) => labelIds.includes(s.labelId) && frameKey(s) === key)) return false;
  for (const m of findings.values()) {
    const f = findingOf(m);
    if (f?.labelId && f.image && labelIds.includes(f.labelId) && frameKey({ image: f.image }) === key) return false;
  }
  return true;
}

/**
 * The reader answered a question a classifier had suggested an answer to: records whether they
 * took the suggestion (once per question and image; answering again changes nothing here — the
 * submitted answer is compared with the suggestion at submit).
 */
export function recordAnswerAssist(doc: Y.Doc, assist: Omit<TAssist, 'outcome' | 'prompt'> & { answer: NonNullable<TAssist['answer']> }, given: TAnswer) {
  const { assists } = roots(doc);
  const [q, key] = [assist.answer.questionId, frameKey(assist)];
  if (assists.toArray().some((a) => a.prompt === 'classify' && a.answer?.questionId === q && frameKey(a) === key)) return;
  addAssist(doc, { ...assist, prompt: 'classify', outcome: given === assist.answer.value ? 'accepted' : 'rejected' });
}

export function findingOf(m: Y.Map<unknown>): TFinding | null {
  const raw = Object.fromEntries(m.entries());
  const attrs = m.get('attributes');
  raw.attributes = attrs instanceof Y.Map ? Object.fromEntries(attrs.entries()) : {};
  const parsed = ZFindingSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** One finding by id; null when absent or when its entry does not parse. */
export function findingById(doc: Y.Doc, id: string): TFinding | null {
  const m = roots(doc).findings.get(id);
  return m instanceof Y.Map ? findingOf(m) : null;
}

/**
 * The plain view of the document. Entries that do not parse (a client on another format, a
 * tampered update) are left out here and reported by `invalidEntries`, so submit can refuse them.
 */
export function readDoc(doc: Y.Doc): TAnnotationDoc {
  const { meta, answers, findings, strokes, assists, segments } = roots(doc);
  const lsv = meta.get('labelSchemaVersion');
  return {
    format: formatOf(doc),
    labelSchemaVersion: typeof lsv === 'number' ? lsv : null,
    answers: Object.fromEntries([...answers.entries()].filter(([, v]) => ZAnswerSchema.safeParse(v).success)),
    findings: [...findings.values()].map(findingOf).filter((f): f is TFinding => f !== null).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || a.id.localeCompare(b.id)),
    strokes: strokes.toArray().filter(isStrokeShaped),
    assists: assists.toArray().filter((a) => ZAssistSchema.safeParse(a).success),
    segments: [...segments.entries()].flatMap(([key, attrs]) => {
      const segment = parseSegmentKey(key);
      if (!segment || !(attrs instanceof Y.Map)) return [];
      return [{ ...segment, attributes: Object.fromEntries([...attrs.entries()].filter(([, v]) => ZAnswerSchema.safeParse(v).success)) }];
    }).sort((a, b) => segmentKey(a).localeCompare(segmentKey(b))),
  };
}

/**
 * A cheap shape check for the plain view, which the page re-reads after every edit: validating
 * every run of every stroke there would cost more than the edit. Full validation happens on
 * write (`addStroke`) and before submit (`invalidEntries`); rasterising ignores runs off the frame.
 */
function isStrokeShaped(s: unknown): s is TStroke {
  const x = s as Partial<TStroke> | null;
  return Boolean(x && typeof x.labelId === 'string' && (x.op === 'paint' || x.op === 'erase') && x.image && typeof x.image.sopUid === 'string' && Number.isInteger(x.rows) && Number.isInteger(x.columns) && Array.isArray(x.runs));
}

export function invalidEntries(doc: Y.Doc): string[] {
  const { answers, findings, strokes, assists, segments } = roots(doc);
  const bad: string[] = [];
  for (const [k, m] of segments.entries()) if (!(m instanceof Y.Map) || !parseSegmentKey(k) || [...m.values()].some((v) => !ZAnswerSchema.safeParse(v).success)) bad.push(`segment ${k}`);
  for (const [k, v] of answers.entries()) if (!ZAnswerSchema.safeParse(v).success) bad.push(`answer ${k}`);
  for (const [k, m] of findings.entries()) if (!(m instanceof Y.Map) || !findingOf(m)) bad.push(`finding ${k}`);
  strokes.toArray().forEach((s, i) => {
    if (!ZStrokeSchema.safeParse(s).success) bad.push(`stroke ${i}`);
  });
  assists.toArray().forEach((a, i) => {
    if (!ZAssistSchema.safeParse(a).success) bad.push(`model assist ${i}`);
  });
  return bad;
}

/**
 * Fills the empty slices between a label's painted slices by shape-based interpolation
 * (./interpolate), as paint strokes in one transaction (one undo step). `images` are the
 * series' frames in stack order; pixels another segmentation label holds are left to it.
 * Returns how many slices were filled.
 */
export function interpolateLabel(doc: Y.Doc, p: { labelId: string; segmentationLabelIds: string[]; images: TImageRef[]; origin: unknown; newId: () => string }): number {
  const label = p.segmentationLabelIds.indexOf(p.labelId) + 1;
  if (!label) return 0;
  const frames = rasterize(roots(doc).strokes.toArray(), p.segmentationLabelIds);
  const painted = new Map<number, Uint8Array>();
  let size: { rows: number; columns: number } | null = null;
  p.images.forEach((image, i) => {
    const f = frames.get(frameKey({ image }));
    if (!f || !f.data.includes(label) || (size && (f.rows !== size.rows || f.columns !== size.columns))) return;
    size ??= { rows: f.rows, columns: f.columns };
    painted.set(i, f.data.map((v) => (v === label ? 1 : 0)));
  });
  if (!size) return 0;
  const { rows, columns } = size;
  const gaps = interpolateGaps(painted, rows, columns);
  doc.transact(() => {
    for (const [i, mask] of gaps) {
      const image = p.images[i]!;
      const frame = frames.get(frameKey({ image }));
      if (frame && (frame.rows !== rows || frame.columns !== columns)) continue;
      const held = frame?.data;
      if (held) for (let k = 0; k < mask.length; k++) if (held[k] && held[k] !== label) mask[k] = 0;
      const runs = encodeRuns(mask);
      if (runs.length) addStroke(doc, { id: p.newId(), labelId: p.labelId, op: 'paint', image, rows, columns, runs });
    }
  }, p.origin);
  return gaps.size;
}
