import { describe, expect, it } from 'vitest';
import { readDoc, setAnswer } from '../../contracts/annotation-doc/doc';
import { db } from '../../db/client';
import { fingerprint } from '../../db/fingerprint';
import { settleAgreements } from '../../testing/agreement';
import { collabClient, until } from '../../testing/collab-client';
import { collabServerForTests } from '../../testing/collab-server';
import { FIXTURES, filesIn, ingestAs } from '../../testing/dicom';
import { rect, VENTRICLES_SCHEMA } from '../../testing/disputed-case';
import { projectWorld } from '../../testing/project-world';
import { loadDoc } from './doc-store';
import { sharedDocAccess } from './access';

const collab = collabServerForTests();

/** Three readers, two a case, one MR case distributed but not yet opened; no auto-accept threshold. */
async function world() {
  const w = await projectWorld({ readers: 3, readersPerCase: 2 });
  const pm = await w.as(w.users.MANAGER);
  await pm.project.saveLabelSchema({ ...w.scope, schema: VENTRICLES_SCHEMA });
  await ingestAs(w.users.MANAGER, w.scope, filesIn(FIXTURES.mrSeries).slice(20, 23));
  await pm.case.distribute(w.scope);
  const p = await pm.project.get(w.scope);
  const settings = { ...w.scope, name: p.name, description: p.description, modality: p.modality, readersPerCase: 2, blinded: true, consensusMethod: 'STAPLE' as const, autoAcceptThreshold: null };
  const c = await db().case.findFirstOrThrow({ where: { projectId: w.scope.projectId }, select: { id: true, assignments: { select: { id: true, readerId: true } } } });
  const onCase = w.readers.filter((r) => c.assignments.some((a) => a.readerId === r.id));
  const outsider = w.readers.find((r) => !onCase.includes(r))!;
  return { w, pm, settings, caseId: c.id, onCase, outsider, assignmentOf: (id: string) => c.assignments.find((a) => a.readerId === id)!.id };
}

describe('[COLLABORATIVE] projects whose readers label each case together', () => {
  it('share one document per case, edit it live, submit it once for everyone, and reopen it together', { timeout: 180_000 }, async () => {
    const { w, pm, settings, caseId, onCase, outsider, assignmentOf } = await world();
    const orgSlug = w.scope.orgSlug;
    const [rita, ravi] = [await w.as(onCase[0]!), await w.as(onCase[1]!)];
    const [aRita, aRavi] = [assignmentOf(onCase[0]!.id), assignmentOf(onCase[1]!.id)];

    // Only a manager switches it, and only before anyone has begun (distributing is not beginning).
    await expect(rita.project.updateSettings({ ...settings, collaborative: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await pm.project.updateSettings({ ...settings, collaborative: true });
    expect(await pm.project.get(w.scope)).toMatchObject({ collaborative: true });

    const seen = await rita.assignment.get({ orgSlug, assignmentId: aRita });
    expect(seen).toMatchObject({ docName: `case:${caseId}`, sharedWith: [onCase[1]!.name] });
    const tokens = [await rita.assignment.collabToken({ orgSlug, assignmentId: aRita }), await ravi.assignment.collabToken({ orgSlug, assignmentId: aRavi })];
    expect(tokens.map((t) => [t.docName, t.mode])).toEqual([[`case:${caseId}`, 'rw'], [`case:${caseId}`, 'rw']]);

    // Neither a reader off the case nor anyone through another's assignment gets in; staff read only.
    const out = await w.as(outsider);
    await expect(out.assignment.collabToken({ orgSlug, assignmentId: aRita })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await sharedDocAccess(outsider.id, w.org.id, caseId)).toBeNull();
    expect(await sharedDocAccess(w.users.outsider.id, w.org.id, caseId)).toBeNull();
    expect(await sharedDocAccess(w.users.MANAGER.id, w.org.id, caseId)).toMatchObject({ mode: 'ro', docName: `case:${caseId}` });
    const forged = collabClient(collab.url(), `case:${caseId}`, tokens[0]!.token.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')));
    await until(() => forged.state.authFailed !== '', 'a forged token to be refused');
    forged.destroy();

    await rita.assignment.start({ orgSlug, assignmentId: aRita });
    const r = collabClient(collab.url(), `case:${caseId}`, async () => (await rita.assignment.collabToken({ orgSlug, assignmentId: aRita })).token);
    const v = collabClient(collab.url(), `case:${caseId}`, async () => (await ravi.assignment.collabToken({ orgSlug, assignmentId: aRavi })).token);
    await Promise.all([r.synced(), v.synced()]);
    const instance = await db().instance.findFirstOrThrow({ where: { projectId: w.scope.projectId }, orderBy: { instanceNumber: 'asc' }, select: { sopInstanceUid: true, rows: true, columns: true, series: { select: { seriesInstanceUid: true } } } });
    const image = { seriesUid: instance.series.seriesInstanceUid, sopUid: instance.sopInstanceUid, frame: 1 };
    r.doc.transact(() => setAnswer(r.doc, 'enlarged', 'yes'));
    v.doc.getArray('strokes').push([{ id: 'ravi-1', labelId: 'ventricles', op: 'paint', image, rows: instance.rows!, columns: instance.columns!, runs: rect(instance.rows!, instance.columns!, 40, 60) }]);
    await Promise.all([r.saved(), v.saved()]);
    await until(() => readDoc(v.doc).answers.enlarged === 'yes' && readDoc(r.doc).strokes.length === 1, 'each reader’s edit at the other');

    // Begun: the setting is fixed now.
    const before = await fingerprint();
    await expect(pm.project.updateSettings({ ...settings, collaborative: false })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: /before reading starts; 1 read has begun/ });
    expect(await fingerprint()).toEqual(before);

    // Ravi submits for both: one read, both assignments submitted; Rita's later edit is refused and not kept.
    expect(await ravi.assignment.submit({ orgSlug, assignmentId: aRavi })).toMatchObject({ revision: 1 });
    const assignments = await db().assignment.findMany({ where: { caseId }, select: { status: true } });
    expect(assignments.map((a) => a.status)).toEqual(['SUBMITTED', 'SUBMITTED']);
    await expect(rita.assignment.submit({ orgSlug, assignmentId: aRita })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: /already submitted/ });
    r.doc.transact(() => setAnswer(r.doc, 'enlarged', 'no'));
    await until(() => r.state.closed > 0, 'Rita’s connection to close');
    expect(readDoc(await loadDoc(`case:${caseId}`)).answers.enlarged).toBe('yes');
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'assignment.submitted', targetId: caseId } });
    expect(audit.data).toMatchObject({ shared: true, submittedWith: [aRita] });

    // The shared read stands as the case's consensus, though the project sets no threshold.
    await settleAgreements([caseId]);
    const reads = await db().read.findMany({ where: { caseId, supersededAt: null }, select: { readerId: true, masks: { select: { voxelCount: true } } } });
    expect(reads).toMatchObject([{ readerId: onCase[1]!.id, masks: [{ voxelCount: 200 }] }]);
    const agreement = await db().caseAgreement.findFirstOrThrow({ where: { caseId } });
    expect(agreement).toMatchObject({ decision: 'ACCEPTED', reason: 'Collaborative project: the readers’ shared read is the consensus', consensus: { answers: { enlarged: 'yes' } } });
    expect((await db().case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('DONE');
    // The agreement report has nothing to compare: one read, no pairwise figures.
    const report = await pm.report.project(w.scope);
    expect(report).toMatchObject({ cases: { compared: 1, accepted: 1, adjudicate: 0 }, readers: [{ readerId: onCase[1]!.id, reads: 1, answerAgreement: null, dice: null }] });

    // Reopened (through either assignment), it opens for both; the next submit replaces the read.
    await pm.case.reopen({ ...w.scope, assignmentId: aRita, reason: 'Missed the temporal horns' });
    expect((await db().assignment.findMany({ where: { caseId }, select: { status: true } })).map((a) => a.status)).toEqual(['IN_PROGRESS', 'IN_PROGRESS']);
    const r2 = collabClient(collab.url(), `case:${caseId}`, async () => (await rita.assignment.collabToken({ orgSlug, assignmentId: aRita })).token);
    await r2.synced();
    r2.doc.transact(() => setAnswer(r2.doc, 'enlarged', 'no'));
    await r2.saved();
    await rita.assignment.submit({ orgSlug, assignmentId: aRita });
    const current = await db().read.findMany({ where: { caseId, supersededAt: null }, select: { readerId: true, answers: { select: { value: true } } } });
    expect(current).toEqual([{ readerId: onCase[0]!.id, answers: [{ value: 'no' }] }]);
    for (const c of [r, v, r2]) c.destroy();
  });

  it('cannot be switched on once a reader has begun, and leaves each reader their own document', { timeout: 120_000 }, async () => {
    const { w, pm, settings, caseId, onCase, assignmentOf } = await world();
    const rita = await w.as(onCase[0]!);
    await rita.assignment.start({ orgSlug: w.scope.orgSlug, assignmentId: assignmentOf(onCase[0]!.id) });
    const before = await fingerprint();
    await expect(pm.project.updateSettings({ ...settings, collaborative: true })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await fingerprint()).toEqual(before);
    // Saving the other settings unchanged still works.
    await pm.project.updateSettings({ ...settings, description: 'Outline the ventricles', collaborative: false });
    await pm.project.updateSettings({ ...settings, description: 'Outline them' });
    const seen = await rita.assignment.get({ orgSlug: w.scope.orgSlug, assignmentId: assignmentOf(onCase[0]!.id) });
    expect(seen).toMatchObject({ docName: `assignment:${assignmentOf(onCase[0]!.id)}`, sharedWith: null });
    expect(await sharedDocAccess(onCase[0]!.id, w.org.id, caseId)).toBeNull();
  });
});
