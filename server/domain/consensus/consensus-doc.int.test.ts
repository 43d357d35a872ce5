import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { putFinding, readDoc, setAnswer, setSegmentAttribute } from '../../contracts/annotation-doc/doc';
import { encodeRuns, rasterize } from '../../contracts/annotation-doc/runs';
import { db } from '../../db/client';
import { collabClient, until } from '../../testing/collab-client';
import { settleAgreements } from '../../testing/agreement';
import { collabServerForTests } from '../../testing/collab-server';
import { disputedCase as disputedCaseWith, joinConsensus as join, rect, VENTRICLES_SCHEMA } from '../../testing/disputed-case';

const collab = collabServerForTests();
const disputedCase = () => disputedCaseWith(collab.url());
const joinConsensus = (api: Parameters<typeof join>[1], scope: Parameters<typeof join>[2], caseId: string) => join(collab.url(), api, scope, caseId);

describe('[ADJUDICATION] the consensus document', () => {
  it('is seeded from the candidate consensus, edited live by the lead while the manager watches, and finalized into a decision', { timeout: 180_000 }, async () => {
    const { w, caseId, lead, pm, image, rows, columns } = await disputedCase();
    const view = await lead.adjudication.view({ ...w.scope, caseId });
    expect(view).toMatchObject({ caseStatus: 'IN_ADJUDICATION', mode: 'rw', reads: [{ name: 'Reader 1' }, { name: 'Reader 2' }] });
    expect(view.docName).toMatch(new RegExp(`^consensus:${caseId}\\.[0-9a-f]{16}$`));
    // The study-level case opens, as on the case page, on its series' middle image (the page asks for it ahead).
    expect({ series: view.seriesInstanceUid, open: view.openSeriesUid, image: view.openImage }).toEqual({ series: null, open: image.seriesUid, image: { sopUid: image.sopUid, frame: 1 } });
    // Each read comes as its submitted document.
    const first = new Y.Doc();
    Y.applyUpdate(first, Buffer.from(view.reads[0]!.snapshot, 'base64'));
    expect(readDoc(first).answers).toEqual({ enlarged: 'yes' });

    const a = await joinConsensus(lead, w.scope, caseId);
    const seeded = readDoc(a.doc);
    const agreement = await db().caseAgreement.findFirstOrThrow({ where: { caseId }, include: { masks: true } });
    // The readers tie on the question (no modal answer), the boxes fuse into one, and the STAPLE mask is painted frame by frame.
    expect(seeded.answers).toEqual({});
    // Each seeded finding is stamped when it is written (the order the lead sees them in).
    expect(seeded.findings).toEqual((agreement.consensus as { findings: object[] }).findings.map((f) => ({ ...f, createdAt: expect.any(Number) })));
    const painted = rasterize(seeded.strokes, ['ventricles']);
    const count = [...painted.values()].reduce((n, f) => n + f.data.reduce((s, v) => s + v, 0), 0);
    expect(count).toBe(agreement.masks[0]!.voxelCount);
    expect([...painted.keys()]).toEqual([`${image.sopUid}/1`]);

    // The manager watches read-only: sees the lead's edits and presence; their own writes are not kept.
    const b = await joinConsensus(pm, w.scope, caseId);
    expect((await pm.adjudication.view({ ...w.scope, caseId })).mode).toBe('ro');
    a.provider.setAwarenessField('user', { name: 'Lead', color: '#f59e0b', index: 1 });
    await until(() => [...b.provider.awareness!.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'Lead'), 'the lead’s presence');
    // The lead takes Reader 2's mask: erases the seeded one, paints the reader's.
    const reader2 = rect(rows, columns, 45, 65);
    a.doc.transact(() => {
      setAnswer(a.doc, 'enlarged', 'no');
      const seededRuns = encodeRuns(painted.get(`${image.sopUid}/1`)!.data);
      a.doc.getArray('strokes').push([{ id: 'e1', labelId: 'ventricles', op: 'erase', image, rows, columns, runs: seededRuns }, { id: 'p1', labelId: 'ventricles', op: 'paint', image, rows, columns, runs: reader2 }]);
    });
    await a.saved();
    await until(() => readDoc(b.doc).answers.enlarged === 'no', 'the lead’s answer at the manager');
    b.doc.transact(() => setAnswer(b.doc, 'enlarged', 'yes'));
    await new Promise((r) => setTimeout(r, 300));
    a.destroy();
    b.destroy();

    // A manager cannot finalize; the lead finalizes what the server stored.
    await expect(pm.adjudication.finalize({ ...w.scope, caseId, reason: 'no' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await db().caseDecision.count({ where: { caseId } })).toBe(0);
    expect(await lead.adjudication.finalize({ ...w.scope, caseId, reason: 'Reader 2 followed the wall' })).toEqual({ version: 1 });
    const d = await db().caseDecision.findFirstOrThrow({ where: { caseId }, include: { masks: true, case: true } });
    expect(d).toMatchObject({ version: 1, reason: 'Reader 2 followed the wall', answers: { enlarged: 'no' }, sources: { 'question:enlarged': 'document', 'label:ventricles': 'document', 'label:lesion': 'document' }, case: { status: 'DONE' } });
    expect(d.findings).toEqual(seeded.findings);
    expect(d.masks).toHaveLength(1);
    expect(d.masks[0]!.voxelCount).toBe(200);
    const voxels = inflateSync(d.masks[0]!.voxels);
    const z = 1;
    let inReader2 = 0;
    for (let y = 40; y < 50; y++) for (let x = 45; x < 65; x++) inReader2 += voxels[z * rows * columns + y * columns + x]!;
    expect(inReader2).toBe(200);
    const snapshot = new Y.Doc();
    Y.applyUpdate(snapshot, d.snapshot!);
    expect(readDoc(snapshot).answers).toEqual({ enlarged: 'no' });
    expect((await lead.adjudication.decisions({ ...w.scope, caseId }))[0]).toMatchObject({ version: 1, decidedBy: 'Lead' });
  });

  it('seeds each segment with the consensus of its label\'s questions (here the answer most readers gave); the lead\'s answer is finalized with the mask', { timeout: 180_000 }, async () => {
    const shape = { id: 'shape', type: 'single' as const, text: 'Shape', required: true, help: '', options: [{ id: 'normal', label: 'Normal' }, { id: 'enlarged', label: 'Enlarged' }] };
    const schema = { ...VENTRICLES_SCHEMA, labels: VENTRICLES_SCHEMA.labels.map((l) => (l.id === 'ventricles' ? { ...l, attributes: [shape] } : l)) };
    const { w, caseId, lead, image } = await disputedCaseWith(collab.url(), schema, [{ shape: 'enlarged' }, { shape: 'enlarged' }]);
    const a = await joinConsensus(lead, w.scope, caseId);
    expect(readDoc(a.doc).segments).toEqual([{ labelId: 'ventricles', seriesUid: image.seriesUid, attributes: { shape: 'enlarged' } }]);
    setSegmentAttribute(a.doc, 'ventricles', image.seriesUid, 'shape', 'normal');
    setAnswer(a.doc, 'enlarged', 'yes'); // the readers' tie on the study question is the lead's to settle
    await a.saved();
    a.destroy();
    await lead.adjudication.finalize({ ...w.scope, caseId, reason: '' });
    const d = await db().caseDecision.findFirstOrThrow({ where: { caseId }, include: { masks: true } });
    expect(d.masks.map((m) => m.attributes)).toEqual([{ shape: 'normal' }]);
  });

  it('refuses readers, outsiders and documents of replaced reads, and a document that is not ready finalizes nothing', { timeout: 180_000 }, async () => {
    const { w, caseId, lead, pm } = await disputedCase();
    const { docName } = await lead.adjudication.view({ ...w.scope, caseId });
    const reader = await w.as(w.readers[0]!);
    await expect(reader.adjudication.view({ ...w.scope, caseId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reader.adjudication.consensusToken({ ...w.scope, caseId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const outsider = await w.as(w.users.outsider);
    await expect(outsider.adjudication.view({ ...w.scope, caseId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A reader's token for their own read does not open the consensus document.
    const own = await db().assignment.findFirstOrThrow({ where: { caseId, readerId: w.readers[0]!.id } });
    const readerToken = (await reader.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId: own.id })).token;
    const sneaky = collabClient(collab.url(), docName, readerToken);
    await until(() => sneaky.state.authFailed !== '', 'the refusal');
    sneaky.destroy();
    // Another project's case id through this project's scope is not found.
    const other = await disputedCase();
    await expect(lead.adjudication.view({ ...w.scope, caseId: other.caseId })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // An unlabelled finding keeps the document from being finalized; nothing is stored.
    const a = await joinConsensus(lead, w.scope, caseId);
    a.doc.transact(() => {
      setAnswer(a.doc, 'enlarged', 'yes');
      putFinding(a.doc, { id: 'loose', labelId: null, tool: 'length', image: { seriesUid: 's', sopUid: 'x', frame: 1 }, points: [[0, 0, 0], [1, 1, 1]], values: [], text: '', attributes: {} });
    });
    await a.saved();
    a.destroy();
    await expect(lead.adjudication.finalize({ ...w.scope, caseId, reason: '' })).rejects.toThrow(/Not ready to finalize: Finding \d \(length\) has no label/);
    expect(await db().caseDecision.count({ where: { caseId } })).toBe(0);
    expect((await db().case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('IN_ADJUDICATION');

    // Reopening a read replaces the case's reads: the case has no consensus until its reads are in again, and then a new document.
    const leadToken = (await lead.adjudication.consensusToken({ ...w.scope, caseId })).token;
    const open = collabClient(collab.url(), docName, leadToken);
    await open.synced();
    await pm.case.reopen({ ...w.scope, assignmentId: own.id, reason: 'missed a slice' });
    await expect(lead.adjudication.view({ ...w.scope, caseId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId: own.id });
    await settleAgreements([caseId]);
    await until(async () => (await db().case.findUniqueOrThrow({ where: { id: caseId } })).status === 'IN_ADJUDICATION', 'the case back in adjudication');
    expect((await lead.adjudication.view({ ...w.scope, caseId })).docName).not.toBe(docName);
    // A connection still open on the old document has its next edit refused, and the server closes it; a new one is refused.
    open.doc.transact(() => setAnswer(open.doc, 'enlarged', 'no'));
    await until(() => open.state.closed > 0, 'the old document to stop taking edits');
    open.destroy();
    const stale = collabClient(collab.url(), docName, leadToken);
    await until(() => stale.state.authFailed !== '', 'the refusal of the old document');
    stale.destroy();
  });

  it('keeps comment threads per item: leads and managers write and mention, a lead resolves; readers, outsiders and bad items are refused', { timeout: 180_000 }, async () => {
    const { w, caseId, lead, pm } = await disputedCase();
    const scope = { ...w.scope, caseId };
    await lead.adjudication.comment({ ...scope, item: 'label:ventricles', body: '@Manager the left horn differs by 5 columns — which protocol?' });
    await pm.adjudication.comment({ ...scope, item: 'label:ventricles', body: 'Include the horn (@Lead).' });
    await lead.adjudication.comment({ ...scope, item: 'question:enlarged', body: 'Tie: I will decide.' });
    const reader = await w.as(w.readers[0]!);
    await expect(reader.adjudication.comment({ ...scope, item: 'label:ventricles', body: 'me too' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reader.adjudication.comments(scope)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await w.as(w.users.outsider)).adjudication.comments(scope)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(lead.adjudication.comment({ ...scope, item: 'nothing:x', body: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(lead.adjudication.comment({ ...scope, item: 'label:ventricles', body: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await db().caseComment.count({ where: { caseId } })).toBe(3);

    const thread = (await pm.adjudication.comments(scope)).filter((c) => c.item === 'label:ventricles');
    expect(thread).toMatchObject([
      { author: 'Lead', mine: false, mentions: ['Manager'], resolvedAt: null },
      { author: 'Manager', mine: true, mentions: ['Lead'], body: 'Include the horn (@Lead).' },
    ]);
    await expect(pm.adjudication.resolveThread({ ...scope, item: 'label:ventricles' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await lead.adjudication.resolveThread({ ...scope, item: 'label:ventricles' })).toEqual({ resolved: 2 });
    await expect(lead.adjudication.resolveThread({ ...scope, item: 'label:ventricles' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const after = await lead.adjudication.comments(scope);
    expect(after.filter((c) => c.item === 'label:ventricles').every((c) => c.resolvedBy === 'Lead' && c.resolvedAt)).toBe(true);
    expect(after.find((c) => c.item === 'question:enlarged')!.resolvedAt).toBeNull();
    expect(await db().auditEvent.count({ where: { targetId: caseId, action: 'case.commented' } })).toBe(3);
  });
});
