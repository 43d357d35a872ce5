import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom } from '../../stats/core/random';
import { addAssist, addStroke, invalidEntries, preannotationDue, putFinding, recordAnswerAssist, readDoc, removeFinding, roots, setAnswer, setFindingAttribute, setSegmentAttribute } from './doc';
import { migrateDoc } from './migrate';
import { encodeRuns, paintedSegments, rasterize } from './runs';
import { FORMAT_VERSION, type TAnswer, type TFinding, type TStroke } from './schema';
import { readProblems } from './validate';
import { encodeSavedState, isSaved } from './saved';

const finding = (id: string, over: Partial<TFinding> = {}): TFinding => ({
  id,
  labelId: 'third',
  tool: 'length',
  image: { seriesUid: '1.2', sopUid: '1.2.3', frame: 1 },
  points: [[0, 0, 0], [3, 4, 0]],
  values: [{ name: 'length', value: 5, unit: 'mm' }],
  text: '',
  attributes: {},
  createdAt: 1,
  ...over,
});

const stroke = (id: string, labelId: string, op: 'paint' | 'erase', runs: number[], sopUid = '1.2.3'): TStroke => ({ id, labelId, op, image: { seriesUid: '1.2', sopUid, frame: 1 }, rows: 4, columns: 4, runs });

describe('the annotation document', () => {
  it('keeps answers, findings with attributes, and strokes, and reads them back as plain data', () => {
    const doc = new Y.Doc();
    migrateDoc(doc, { labelSchemaVersion: 3 });
    setAnswer(doc, 'quality', 'good');
    setAnswer(doc, 'tags', ['a', 'b']);
    setAnswer(doc, 'empty', '');
    putFinding(doc, finding('f1', { attributes: { confidence: 'high' } }));
    putFinding(doc, finding('f2', { tool: 'point', points: [[1, 2, 3]], values: [] }));
    setFindingAttribute(doc, 'f2', 'kind', 'x');
    addStroke(doc, stroke('s1', 'vent', 'paint', [0, 2]));
    const view = readDoc(doc);
    expect(view).toEqual({
      format: FORMAT_VERSION,
      labelSchemaVersion: 3,
      answers: { quality: 'good', tags: ['a', 'b'] },
      findings: [finding('f1', { attributes: { confidence: 'high' } }), finding('f2', { tool: 'point', points: [[1, 2, 3]], values: [], attributes: { kind: 'x' } })],
      strokes: [stroke('s1', 'vent', 'paint', [0, 2])],
      assists: [],
      segments: [],
    });
    // Replacing a finding's geometry keeps its attributes; clearing an answer removes it.
    putFinding(doc, { ...finding('f1', { points: [[0, 0, 0], [6, 8, 0]] }), attributes: {} });
    setAnswer(doc, 'quality', null);
    removeFinding(doc, 'f2');
    expect(readDoc(doc).findings).toEqual([finding('f1', { points: [[0, 0, 0], [6, 8, 0]], attributes: { confidence: 'high' } })]);
    expect(readDoc(doc).answers).toEqual({ tags: ['a', 'b'] });
  });

  it('lists findings in the order they were drawn, on every replica; findings kept before that order was come first', () => {
    const a = new Y.Doc();
    migrateDoc(a, { labelSchemaVersion: 1 });
    putFinding(a, finding('zz', { createdAt: 1_000 }));
    putFinding(a, finding('aa', { createdAt: 3_000 }));
    const old = new Y.Map<unknown>();
    roots(a).findings.set('mm', old);
    for (const [k, v] of Object.entries(finding('mm'))) if (k !== 'createdAt') old.set(k, v);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    putFinding(b, finding('bb', { createdAt: 2_000 }));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    for (const doc of [a, b]) expect(readDoc(doc).findings.map((f) => f.id)).toEqual(['mm', 'zz', 'bb', 'aa']);
    // A new finding gets the time it is first written; redrawing it keeps that time.
    const before = Date.now();
    const { createdAt: _, ...drawn } = finding('cc');
    putFinding(a, drawn);
    const at = readDoc(a).findings.at(-1)!;
    expect(at.id).toBe('cc');
    expect(at.createdAt).toBeGreaterThanOrEqual(before);
    putFinding(a, { ...drawn, points: [[1, 1, 0], [4, 5, 0]] });
    expect(readDoc(a).findings.at(-1)).toMatchObject({ id: 'cc', createdAt: at.createdAt });
  });

  it('refuses malformed entries on write and reports those that arrive by other means', () => {
    const doc = new Y.Doc();
    expect(() => putFinding(doc, { ...finding('f1'), points: [[NaN, 0, 0]] })).toThrow();
    expect(() => addStroke(doc, { ...stroke('s', 'l', 'paint', [0, 1]), rows: 0 })).toThrow();
    roots(doc).answers.set('bad', { nested: true } as never);
    roots(doc).strokes.push([{ id: 'x' } as never]);
    const m = new Y.Map<unknown>();
    roots(doc).findings.set('junk', m);
    m.set('tool', 'laser');
    expect(invalidEntries(doc)).toEqual(['answer bad', 'finding junk', 'stroke 0']);
    expect(readDoc(doc)).toMatchObject({ answers: {}, findings: [], strokes: [] });
  });

  it('migrates a pre-viewer read (answers in the assignment payload) and refuses a newer format', () => {
    const doc = new Y.Doc();
    migrateDoc(doc, { labelSchemaVersion: 2, legacyPayload: { answers: { quality: 'good', n: 3, bad: { x: 1 } }, note: 'x' } });
    expect(readDoc(doc)).toMatchObject({ format: 1, labelSchemaVersion: 2, answers: { quality: 'good', n: 3 } });
    migrateDoc(doc, { labelSchemaVersion: 9, legacyPayload: { answers: { quality: 'other' } } }); // idempotent
    expect(readDoc(doc)).toMatchObject({ labelSchemaVersion: 2, answers: { quality: 'good' } });
    const future = new Y.Doc();
    roots(future).meta.set('format', FORMAT_VERSION + 1);
    expect(() => migrateDoc(future, { labelSchemaVersion: 1 })).toThrow(/newer/);
  });

  it('encodes runs and replays paint and erase per label', () => {
    expect(encodeRuns([0, 1, 1, 0, 1, 0, 0, 1])).toEqual([1, 2, 4, 1, 7, 1]);
    expect(encodeRuns([])).toEqual([]);
    const frames = rasterize(
      [
        stroke('1', 'a', 'paint', [0, 6]),
        stroke('2', 'b', 'paint', [4, 4]), // overwrites a's 4 and 5
        stroke('3', 'a', 'erase', [0, 16]), // clears only a
        stroke('4', 'a', 'paint', [15, 5]), // runs past the frame are cut
        stroke('5', 'zzz', 'paint', [0, 16]), // not a label of the schema: ignored
      ],
      ['a', 'b'],
    );
    expect([...frames.get('1.2.3/1')!.data]).toEqual([0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('says what keeps a read from being submitted', () => {
    const schema = {
      questions: [{ id: 'q', type: 'single' as const, text: 'Quality', required: true, help: '', options: [{ id: 'ok', label: 'OK' }, { id: 'bad', label: 'Bad' }] }],
      labels: [
        { id: 'third', name: 'Width', color: '#00ff00', kind: 'measurement' as const, attributes: [{ id: 'conf', type: 'single' as const, text: 'Confidence', required: true, help: '', options: [{ id: 'hi', label: 'High' }, { id: 'lo', label: 'Low' }] }] },
        { id: 'pt', name: 'Point', color: '#0000ff', kind: 'point' as const, attributes: [] },
        { id: 'vent', name: 'Ventricles', color: '#ff0000', kind: 'segmentation' as const, attributes: [] },
      ],
    };
    const base = { format: 1, labelSchemaVersion: 1, answers: {}, findings: [], strokes: [], assists: [], segments: [] };
    expect(readProblems(schema, base)).toEqual(['“Quality” needs an answer']);
    expect(readProblems(schema, { ...base, answers: { q: 'maybe' } })).toEqual(['the answer to “Quality” is not one of the options']);
    expect(
      readProblems(schema, {
        ...base,
        answers: { q: 'ok' },
        findings: [finding('1', { labelId: null }), finding('2', { labelId: 'pt' }), finding('3'), finding('4', { attributes: { conf: 'hi' } })],
        strokes: [stroke('s', 'third', 'paint', [0, 1]), stroke('t', 'vent', 'paint', [0, 1])],
      }),
    ).toEqual([
      'Finding 1 (length) has no label',
      'Finding 2 (length) is labelled “Point”, a point label',
      'Finding 3 (length): “Confidence” needs an answer',
      'The segmentation uses “third”, which is not a segmentation label of this schema',
    ]);
  });

  it('asks a segmentation label\'s per-finding questions for each series it is painted in, and not where it was erased away', () => {
    const schema = {
      questions: [],
      labels: [
        { id: 'nod', name: 'Nodule', color: '#ff0000', kind: 'segmentation' as const, attributes: [{ id: 'type', type: 'single' as const, text: 'Type', required: true, help: '', options: [{ id: 'solid', label: 'Solid' }] }] },
        { id: 'vent', name: 'Ventricles', color: '#0000ff', kind: 'segmentation' as const, attributes: [] },
      ],
    };
    const doc = new Y.Doc();
    const inSeries = (s: TStroke, seriesUid: string): TStroke => ({ ...s, image: { ...s.image, seriesUid, sopUid: `${seriesUid}.1` } });
    addStroke(doc, inSeries(stroke('a', 'nod', 'paint', [0, 3]), '9.1'));
    addStroke(doc, inSeries(stroke('b', 'nod', 'paint', [4, 2]), '9.2'));
    addStroke(doc, inSeries(stroke('c', 'nod', 'erase', [0, 16]), '9.2'));
    addStroke(doc, inSeries(stroke('d', 'vent', 'paint', [8, 2]), '9.2'));
    expect(readProblems(schema, readDoc(doc))).toEqual(['Segment “Nodule” (series …9.1): “Type” needs an answer']);
    setSegmentAttribute(doc, 'nod', '9.1', 'type', 'cystic');
    expect(readProblems(schema, readDoc(doc))).toEqual(['Segment “Nodule” (series …9.1): the answer to “Type” is not one of the options']);
    setSegmentAttribute(doc, 'nod', '9.1', 'type', 'solid');
    expect(readProblems(schema, readDoc(doc))).toEqual([]);
    expect(readDoc(doc).segments).toEqual([{ labelId: 'nod', seriesUid: '9.1', attributes: { type: 'solid' } }]);
    setSegmentAttribute(doc, 'nod', '9.1', 'type', null);
    expect(readDoc(doc).segments).toEqual([{ labelId: 'nod', seriesUid: '9.1', attributes: {} }]);
    roots(doc).segments.set('no-separator', new Y.Map<TAnswer>());
    roots(doc).segments.set('|9.1', new Y.Map<TAnswer>());
    expect(invalidEntries(doc)).toEqual(['segment no-separator', 'segment |9.1']);
    expect(readDoc(doc).segments.map((x) => x.labelId)).toEqual(['nod']);
  });

  it('answers the same strokes and labels from memory, and other labels afresh', () => {
    const strokes = [{ ...stroke('1', 'a', 'paint', encodeRuns([0, 1, 1])), image: { seriesUid: 's0', sopUid: 's0.0', frame: 1 } }];
    const first = paintedSegments(strokes, ['a', 'b']);
    expect(first).toEqual([{ labelId: 'a', seriesUid: 's0' }]);
    expect(paintedSegments(strokes, ['a', 'b'])).toBe(first);
    expect(paintedSegments(strokes, ['b'])).toEqual([]);
    expect(paintedSegments([...strokes], ['a', 'b'])).not.toBe(first);
  });

  it('finds the painted segments exactly as a full replay does (seeded random strokes)', () => {
    const random = seededRandom(7);
    const labels = ['a', 'b', 'c'];
    for (let trial = 0; trial < 200; trial++) {
      const strokes: TStroke[] = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => {
        const mask = Array.from({ length: 16 }, () => (random() < 0.3 ? 1 : 0));
        const series = `s${Math.floor(random() * 2)}`;
        return { ...stroke(`${i}`, labels[Math.floor(random() * 3)]!, random() < 0.7 ? 'paint' : 'erase', encodeRuns(mask)), image: { seriesUid: series, sopUid: `${series}.${Math.floor(random() * 2)}`, frame: 1 } };
      });
      const expected = new Set<string>();
      for (const series of ['s0', 's1']) {
        for (const frame of rasterize(strokes.filter((s) => s.image.seriesUid === series), labels).values()) frame.data.forEach((v) => v && expected.add(`${labels[v - 1]}|${series}`));
      }
      expect(paintedSegments(strokes, labels).map((p) => `${p.labelId}|${p.seriesUid}`)).toEqual([...expected].sort());
    }
  });

  it('is saved when the server’s stored state covers every local insertion and deletion', () => {
    const doc = new Y.Doc();
    setAnswer(doc, 'q', 'a');
    putFinding(doc, finding('f1'));
    const stored = encodeSavedState(doc);
    expect(isSaved(doc, stored)).toBe(true);
    expect(isSaved(doc, null)).toBe(false);
    expect(isSaved(doc, new Uint8Array([1, 2, 3]))).toBe(false);
    // A deletion does not advance the state vector, but it is not saved until the server has it.
    removeFinding(doc, 'f1');
    expect(isSaved(doc, stored)).toBe(false);
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
    expect(isSaved(doc, encodeSavedState(server))).toBe(true);
    setAnswer(doc, 'q', 'b');
    expect(isSaved(doc, encodeSavedState(server))).toBe(false);
    expect(isSaved(doc, encodeSavedState(new Y.Doc()))).toBe(false);
  });
});

describe('pre-annotation bookkeeping', () => {
  it('an image waits for pre-annotation until something of its labels is painted on it or a pre-annotation is decided on it', () => {
    const doc = new Y.Doc();
    const image = { seriesUid: '1.2', sopUid: '1.2.3', frame: 1 };
    const other = { ...image, sopUid: '1.2.4' };
    const base = { rows: 2, columns: 2, runs: [0, 2] };
    expect(preannotationDue(doc, image, ['lung'])).toBe(true);
    addStroke(doc, { id: 's1', op: 'paint', labelId: 'heart', image, ...base });
    expect(preannotationDue(doc, image, ['lung'])).toBe(true);
    addAssist(doc, { id: 'a1', model: 'm', version: '1', prompt: 'click', outcome: 'rejected', labelId: 'lung', image, latencyMs: 1, ...base });
    expect(preannotationDue(doc, image, ['lung'])).toBe(true);
    addAssist(doc, { id: 'a2', model: 'm', version: '1', prompt: 'preannotate', outcome: 'rejected', labelId: 'lung', image, latencyMs: 1, ...base });
    expect(preannotationDue(doc, image, ['lung'])).toBe(false);
    expect(preannotationDue(doc, other, ['lung'])).toBe(true);
    addStroke(doc, { id: 's2', op: 'paint', labelId: 'lung', image: other, ...base });
    expect(preannotationDue(doc, other, ['lung'])).toBe(false);
    const third = { ...image, sopUid: '1.2.5' };
    putFinding(doc, finding('f', { labelId: 'mass', tool: 'box', image: third, points: [[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0]] }));
    expect(preannotationDue(doc, third, ['lung'])).toBe(true);
    expect(preannotationDue(doc, third, ['mass'])).toBe(false);
  });
});

describe('suggested answers', () => {
  it('records once per question and image whether the reader took a classifier\'s suggestion', () => {
    const doc = new Y.Doc();
    const image = { seriesUid: '1.2', sopUid: '1.2.3', frame: 1 };
    const base = { model: 'c', version: '1', labelId: '', image, rows: 2, columns: 2, runs: [], latencyMs: 4, answer: { questionId: 'quality', value: 'good' } };
    recordAnswerAssist(doc, { ...base, id: 'a' }, 'poor');
    recordAnswerAssist(doc, { ...base, id: 'b' }, 'good');
    recordAnswerAssist(doc, { ...base, id: 'c', image: { ...image, sopUid: '1.2.4' } }, 'good');
    expect(readDoc(doc).assists.map((a) => [a.id, a.prompt, a.outcome])).toEqual([
      ['a', 'classify', 'rejected'],
      ['c', 'classify', 'accepted'],
    ]);
  });
});

describe('convergence (seeded): clients editing apart, syncing in random orders', () => {
  function randomEdit(doc: Y.Doc, rnd: () => number, n: number) {
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const r = rnd();
    if (r < 0.25) setAnswer(doc, pick(['q1', 'q2', 'q3']), pick(['a', 'b', 'c', null]));
    else if (r < 0.45) putFinding(doc, finding(pick(['f1', 'f2', 'f3', `f${n}`]), { points: [[rnd(), rnd(), 0], [rnd(), rnd(), 0]], labelId: pick(['third', null]) }));
    else if (r < 0.55) removeFinding(doc, pick(['f1', 'f2', 'f3']));
    else if (r < 0.65) setFindingAttribute(doc, pick(['f1', 'f2']), pick(['a1', 'a2']), pick(['x', 'y', null]));
    else {
      const start = Math.floor(rnd() * 14);
      addStroke(doc, stroke(`s${n}-${start}`, pick(['a', 'b']), pick(['paint', 'erase']), [start, 1 + Math.floor(rnd() * 6)], pick(['1.2.3', '1.2.4'])));
    }
  }

  it('every replica ends with the same document and the same masks', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = seededRandom(seed);
      const clients = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => new Y.Doc());
      const server = new Y.Doc();
      let n = 0;
      for (let round = 0; round < 6; round++) {
        for (const c of clients) for (let k = Math.floor(rnd() * 5); k > 0; k--) randomEdit(c, rnd, n++);
        // Some clients are offline this round; the others sync with the server in a random order.
        const online = clients.filter(() => rnd() < 0.6).sort(() => rnd() - 0.5);
        for (const c of online) {
          Y.applyUpdate(server, Y.encodeStateAsUpdate(c, Y.encodeStateVector(server)));
          Y.applyUpdate(c, Y.encodeStateAsUpdate(server, Y.encodeStateVector(c)));
        }
      }
      for (const c of clients) Y.applyUpdate(server, Y.encodeStateAsUpdate(c, Y.encodeStateVector(server)));
      for (const c of clients) Y.applyUpdate(c, Y.encodeStateAsUpdate(server, Y.encodeStateVector(c)));
      const expected = readDoc(server);
      const masks = (d: Y.Doc) => [...rasterize(readDoc(d).strokes, ['a', 'b'])].map(([k, f]) => [k, [...f.data]]).sort();
      for (const c of clients) {
        expect(readDoc(c), `seed ${seed}`).toEqual(expected);
        expect(masks(c), `seed ${seed}`).toEqual(masks(server));
      }
    }
  });
});
