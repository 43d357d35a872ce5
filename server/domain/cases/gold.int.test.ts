import { describe, expect, it } from 'vitest';
import { db } from '../../db/client';
import { fingerprint } from '../../db/fingerprint';
import { exportSnapshotJob } from '../../jobs/definitions/export-snapshot';
import { drain } from '../../jobs/queue';
import { until } from '../../testing/collab-client';
import { projectWorld } from '../../testing/project-world';
import { buildSnapshot } from '../export/build';

describe('[GOLD] gold-standard cases', () => {
  it('go to every reader at the project’s rate, unannounced; readers’ accuracy is measured; no agreement, no export', { timeout: 180_000 }, async () => {
    const w = await projectWorld({ readers: 3, readersPerCase: 1 });
    const pm = await w.as(w.users.MANAGER);
    const p = await pm.project.get(w.scope);
    await pm.project.updateSettings({ ...w.scope, name: p.name, description: p.description, modality: p.modality, readersPerCase: 1, blinded: true, consensusMethod: 'MAJORITY', autoAcceptThreshold: 0.8, goldRate: 0.25 });
    expect((await pm.project.get(w.scope)).goldRate).toBe(0.25);
    for (let i = 1; i <= 9; i++) await pm.case.create({ ...w.scope, label: `Chest ${i}`, priority: 0 });
    const qa = await pm.case.create({ ...w.scope, label: 'Chest 10', priority: 0 });
    const qb = await pm.case.create({ ...w.scope, label: 'Chest 11', priority: 0 });

    // Known answers must fit the schema; readers and leads may not set them.
    const before = await fingerprint(['Case']);
    await expect(pm.case.setGold({ ...w.scope, caseId: qa.id, answers: { nodule_present: 'maybe' } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'The answer to “Nodule present?” is not one of the options' });
    await expect(pm.case.setGold({ ...w.scope, caseId: qa.id, answers: { size: 3 } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'size is not a question of the label schema' });
    await expect(pm.case.setGold({ ...w.scope, caseId: qa.id, answers: {} })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect((await w.as(w.users.READER)).case.setGold({ ...w.scope, caseId: qa.id, answers: { nodule_present: 'yes' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await w.as(w.users.LEAD)).case.setGold({ ...w.scope, caseId: qa.id, answers: { nodule_present: 'yes' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await w.as(w.users.outsider)).case.setGold({ ...w.scope, caseId: qa.id, answers: { nodule_present: 'yes' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await fingerprint(['Case'])).toEqual(before);

    await pm.case.setGold({ ...w.scope, caseId: qa.id, answers: { nodule_present: 'yes', malignancy: 'm4' } });
    await pm.case.setGold({ ...w.scope, caseId: qb.id, answers: { nodule_present: 'no' } });
    expect((await pm.case.list(w.scope)).items.find((c) => c.id === qa.id)!.goldAnswers).toEqual({ nodule_present: 'yes', malignancy: 'm4' });

    // Nine ordinary cases, one reader each: three per reader, so at 0.25 one gold case each (1 ≤ 0.25/0.75 × 3).
    await pm.case.distribute(w.scope);
    const assignments = await db().assignment.findMany({ where: { projectId: w.scope.projectId }, select: { caseId: true, readerId: true } });
    const gold = assignments.filter((a) => a.caseId === qa.id || a.caseId === qb.id);
    expect(gold.map((a) => a.caseId)).toEqual([qa.id, qa.id, qa.id]);
    expect(new Set(gold.map((a) => a.readerId))).toEqual(new Set(w.readers.map((r) => r.id)));
    expect(assignments).toHaveLength(12);
    // At the rate already: distributing again adds nothing.
    await pm.case.distribute(w.scope);
    expect(await db().assignment.count({ where: { projectId: w.scope.projectId } })).toBe(12);
    // An ordinary case being read cannot turn gold.
    const ordinary = assignments.find((a) => a.caseId !== qa.id)!.caseId;
    await expect(pm.case.setGold({ ...w.scope, caseId: ordinary, answers: { nodule_present: 'yes' } })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });

    // Readers answer the gold case like any other; nothing in their worklist marks it.
    const given: Record<string, string>[] = [{ nodule_present: 'yes', malignancy: 'm4' }, { nodule_present: 'yes', malignancy: 'm2' }, { nodule_present: 'no' }];
    for (const [i, reader] of w.readers.entries()) {
      const api = await w.as(reader);
      const list = (await api.assignment.worklist({ orgSlug: w.scope.orgSlug, limit: 50 })).items;
      const item = list.find((a) => a.caseId === qa.id)!;
      expect(Object.keys(item).sort()).toEqual(Object.keys(list.find((a) => a.caseId !== qa.id)!).sort());
      await api.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId: item.assignmentId, answers: given[i] });
    }
    expect((await db().case.findUniqueOrThrow({ where: { id: qa.id } })).status).toBe('READING');
    // Progress counts the gold reads handed out, not readersPerCase for the gold cases: 9 × 1 + 3.
    expect(await pm.project.progress(w.scope)).toMatchObject({ readsRequired: 12, readsSubmitted: 3 });
    expect(await db().caseAgreement.count({ where: { caseId: qa.id } })).toBe(0);

    const accuracy = await pm.case.goldAccuracy(w.scope);
    expect(accuracy.goldCases).toBe(2);
    expect(accuracy.questions.map((q) => q.id)).toEqual(['nodule_present', 'malignancy']);
    const of = (n: number) => accuracy.readers.find((r) => r.readerId === w.readers[n]!.id)!;
    expect(of(0)).toMatchObject({ cases: 1, accuracy: 1 });
    expect(of(1)).toMatchObject({ cases: 1, accuracy: 0.5, byQuestion: [{ questionId: 'nodule_present', answered: 1, accuracy: 1 }, { questionId: 'malignancy', answered: 1, accuracy: 0 }] });
    expect(of(2)).toMatchObject({ cases: 1, accuracy: 0 });
    await expect((await w.as(w.users.READER)).case.goldAccuracy(w.scope)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Exports leave gold cases out and say so.
    const { id } = await pm.export.create({ ...w.scope, options: { cases: 'all', formats: ['coco'] } });
    await drain(exportSnapshotJob, (x) => buildSnapshot(x));
    await until(async () => (await db().exportSnapshot.findUniqueOrThrow({ where: { id } })).status === 'READY', 'the snapshot');
    const manifest = (await pm.export.get({ ...w.scope, exportId: id })).manifest!;
    expect(manifest.cases.map((c) => c.label)).not.toContain('Chest 10');
    expect(manifest.cases).toHaveLength(9);
    expect(manifest.notes).toContain('2 gold-standard cases left out (they test the readers and have no consensus)');
  });
});
