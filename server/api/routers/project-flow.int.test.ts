import { describe, expect, it } from 'vitest';
import { db } from '../../db/client';
import { fingerprint } from '../../db/fingerprint';
import { projectWorld } from '../../testing/project-world';

type Api = Awaited<ReturnType<Awaited<ReturnType<typeof projectWorld>>['as']>>;

/** Progress (kept by triggers) must equal a recount of the cases and assignments themselves. */
async function expectProgressMatchesRecount(pm: Api, scope: { orgSlug: string; projectId: string }) {
  const items = (await pm.case.list({ ...scope, limit: 100 })).items;
  const progress = await pm.project.progress(scope);
  const byStatus: Record<string, number> = {};
  for (const c of items) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  for (const [status, n] of Object.entries(progress.cases)) expect(n, status).toBe(byStatus[status] ?? 0);
  const all = items.flatMap((c) => c.assignments);
  for (const r of progress.readers) {
    const mine = all.filter((a) => a.readerId === r.readerId);
    expect([r.assigned, r.inProgress, r.submitted, r.skipped]).toEqual(['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'SKIPPED'].map((s) => mine.filter((a) => a.status === s).length));
  }
  expect(progress.readers.reduce((n, r) => n + r.assigned + r.inProgress + r.submitted + r.skipped, 0)).toBe(all.length);
}

describe('[PROJECT]: a project from cases to submitted reads', () => {
  it('distributes cases to distinct readers, least-loaded first, and follows the readers’ work', async () => {
    const w = await projectWorld({ readers: 3, readersPerCase: 2 });
    const pm = await w.as(w.users.MANAGER);
    for (let i = 1; i <= 6; i++) await pm.case.create({ ...w.scope, label: `Case ${i}`, priority: i === 6 ? 5 : 0 });

    const result = await pm.case.distribute(w.scope);
    expect(result).toMatchObject({ assigned: 12, casesFilled: 6, casesShort: 0 });
    expect(await pm.case.distribute(w.scope)).toMatchObject({ assigned: 0, message: 'Every case already has its readers.' });

    const cases = await pm.case.list({ ...w.scope });
    expect(cases.total).toBe(6);
    expect(cases.items[0]!.label).toBe('Case 6'); // highest priority first
    for (const c of cases.items) {
      expect(c.status).toBe('ASSIGNED');
      expect(new Set(c.assignments.map((a) => a.readerId)).size).toBe(2);
    }
    const loads = w.readers.map((r) => cases.items.flatMap((c) => c.assignments).filter((a) => a.readerId === r.id).length);
    expect(loads.sort()).toEqual([4, 4, 4]);

    // The reader sees exactly their own cases; "next" is the highest-priority one.
    const reader = await w.as(w.readers[0]!);
    const list = await reader.assignment.worklist({ orgSlug: w.scope.orgSlug });
    expect(list.items).toHaveLength(4);
    const mine = new Set(cases.items.filter((c) => c.assignments.some((a) => a.readerId === w.readers[0]!.id)).map((c) => c.id));
    expect(new Set(list.items.map((i) => i.caseId))).toEqual(mine);
    const next = (await reader.assignment.next({ orgSlug: w.scope.orgSlug }))!;
    expect(next.priority).toBe(Math.max(...list.items.map((i) => i.priority)));

    await reader.assignment.start({ orgSlug: w.scope.orgSlug, assignmentId: next.assignmentId });
    expect((await pm.case.list({ ...w.scope })).items.find((c) => c.id === next.caseId)!.status).toBe('READING');
    await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId: next.assignmentId, answers: { nodule_present: 'yes' } });
    await expect(reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId: next.assignmentId, answers: {} })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });

    // The case's other reader submits too: all reads are in.
    const other = cases.items.find((c) => c.id === next.caseId)!.assignments.find((a) => a.readerId !== w.readers[0]!.id)!;
    const otherReader = await w.as(w.readers.find((r) => r.id === other.readerId)!);
    await otherReader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId: other.id, answers: { nodule_present: 'no' } });
    expect((await pm.case.list({ ...w.scope })).items.find((c) => c.id === next.caseId)!.status).toBe('READS_COMPLETE');

    // A PM reopens one read: the case is READING again and the reader can submit anew.
    await expect(reader.case.reopen({ ...w.scope, assignmentId: next.assignmentId, reason: 'Missed a nodule' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await pm.case.reopen({ ...w.scope, assignmentId: other.id, reason: 'Missed a nodule' });
    expect((await pm.case.list({ ...w.scope })).items.find((c) => c.id === next.caseId)!.status).toBe('READING');
    await expect(pm.case.reopen({ ...w.scope, assignmentId: other.id, reason: 'Again' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await otherReader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId: other.id, answers: { nodule_present: 'no' } });

    const progress = await pm.project.progress(w.scope);
    expect(progress).toMatchObject({ totalCases: 6, readsRequired: 12, readsSubmitted: 2, cases: { READS_COMPLETE: 1, ASSIGNED: 5 } });
    expect(progress.readers.reduce((n, r) => n + r.assigned + r.submitted, 0)).toBe(12);
    // Both reads were submitted today (UTC); 30 days are listed, the quiet ones as 0.
    expect(progress.readsPerDay).toHaveLength(30);
    expect(progress.readsPerDay.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), reads: 2 });
    expect(progress.readsPerDay.slice(0, -1).every((d) => d.reads === 0)).toBe(true);
    // Median time per read: the reader's one read took 90 s.
    await db().assignment.update({ where: { id: other.id }, data: { timeSpentMs: 90_000 } });
    const times = (await pm.project.progress(w.scope)).readers;
    expect(times.find((r) => r.readerId === other.readerId)!.medianMinutes).toBeCloseTo(1.5, 12);
    expect(times.filter((r) => r.submitted === 0).every((r) => r.medianMinutes === null)).toBe(true);
    await expectProgressMatchesRecount(pm, w.scope);
  });

  it('a skipped case goes to another reader; a reader never gets a case twice', async () => {
    const w = await projectWorld({ readers: 3, readersPerCase: 2 });
    const pm = await w.as(w.users.MANAGER);
    await pm.case.create({ ...w.scope, label: 'Only case', priority: 0 });
    await pm.case.distribute(w.scope);
    const [first] = (await pm.case.list({ ...w.scope })).items;
    const skipper = w.readers.find((r) => r.id === first!.assignments[0]!.readerId)!;
    const api = await w.as(skipper);
    await expect(api.assignment.skip({ orgSlug: w.scope.orgSlug, assignmentId: first!.assignments[0]!.id, reason: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await api.assignment.skip({ orgSlug: w.scope.orgSlug, assignmentId: first!.assignments[0]!.id, reason: 'Wrong series' });
    const after = (await pm.case.list({ ...w.scope })).items[0]!;
    const active = after.assignments.filter((a) => a.status !== 'SKIPPED');
    expect(active).toHaveLength(2);
    expect(active.map((a) => a.readerId)).not.toContain(skipper.id);
    expect((await api.assignment.worklist({ orgSlug: w.scope.orgSlug })).items).toEqual([]);
    await expectProgressMatchesRecount(pm, w.scope);
  });

  it('reassigns to an eligible reader only, and removing a reader returns their open work to the pool', async () => {
    const w = await projectWorld({ readers: 3, readersPerCase: 1 });
    const pm = await w.as(w.users.MANAGER);
    await pm.case.create({ ...w.scope, label: 'A', priority: 0 });
    await pm.case.distribute(w.scope);
    const a = (await pm.case.list({ ...w.scope })).items[0]!.assignments[0]!;
    const target = w.readers.find((r) => r.id !== a.readerId)!;

    const before = await fingerprint();
    await expect(pm.case.reassign({ ...w.scope, assignmentId: a.id, readerId: w.users.LEAD.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(pm.case.reassign({ ...w.scope, assignmentId: a.id, readerId: w.users.outsider.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await fingerprint()).toEqual(before);

    await pm.case.reassign({ ...w.scope, assignmentId: a.id, readerId: target.id });
    expect((await pm.case.list({ ...w.scope })).items[0]!.assignments[0]!.readerId).toBe(target.id);

    expect(await pm.project.removeMember({ ...w.scope, userId: target.id })).toEqual({ returnedAssignments: 1 });
    expect((await pm.case.list({ ...w.scope })).items[0]).toMatchObject({ status: 'NEW', assignments: [] });
    await pm.case.distribute(w.scope);
    const now = (await pm.case.list({ ...w.scope })).items[0]!.assignments;
    expect(now).toHaveLength(1);
    expect(now[0]!.readerId).not.toBe(target.id);
    await expectProgressMatchesRecount(pm, w.scope);
  });

  it('says so when there are too few readers, and refuses an empty project or a non-member', async () => {
    const w = await projectWorld({ readers: 1, readersPerCase: 3 });
    const pm = await w.as(w.users.MANAGER);
    await expect(pm.case.distribute(w.scope)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: 'This project has no cases yet. Add cases, then distribute.' });
    await pm.case.create({ ...w.scope, label: 'A', priority: 0 });
    const r = await pm.case.distribute(w.scope);
    expect(r).toMatchObject({ assigned: 1, casesShort: 1 });
    expect(r.message).toMatch(/only 1 eligible reader/);
    await expect(pm.project.setMember({ ...w.scope, email: w.users.outsider.email, role: 'READER' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(pm.case.create({ ...w.scope, label: 'A', priority: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('an archived project takes no new work', async () => {
    const w = await projectWorld({ readers: 2, readersPerCase: 1 });
    const pm = await w.as(w.users.MANAGER);
    await pm.case.create({ ...w.scope, label: 'A', priority: 0 });
    await pm.case.distribute(w.scope);
    const a = (await pm.case.list({ ...w.scope })).items[0]!.assignments[0]!;
    await pm.project.setArchived({ ...w.scope, archived: true });
    const reader = await w.as(w.readers.find((x) => x.id === a.readerId)!);
    await expect(reader.assignment.start({ orgSlug: w.scope.orgSlug, assignmentId: a.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((await reader.assignment.worklist({ orgSlug: w.scope.orgSlug })).items).toEqual([]);
    await expect(pm.case.distribute(w.scope)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });
});

describe('[PROJECT]: project list', () => {
  it('pages by name; a plain member sees only projects they belong to; archived ones on request', async () => {
    const w = await projectWorld();
    const admin = await w.as(w.users.ADMIN);
    const base = { description: '', modality: null, readersPerCase: 1, blinded: true, consensusMethod: 'MAJORITY' as const, autoAcceptThreshold: null };
    for (const name of ['B project', 'C project']) await admin.project.create({ orgSlug: w.scope.orgSlug, name, ...base });
    const first = await admin.project.list({ orgSlug: w.scope.orgSlug, limit: 2 });
    expect(first.items.map((p) => p.name)).toEqual(['B project', 'C project']);
    const second = await admin.project.list({ orgSlug: w.scope.orgSlug, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((p) => p.name)).toEqual([expect.stringMatching(/^Lung /)]);
    expect(second.nextCursor).toBeNull();
    expect((await (await w.as(w.users.READER)).project.list({ orgSlug: w.scope.orgSlug })).items.map((p) => p.id)).toEqual([w.scope.projectId]);
    expect((await (await w.as(w.users.MEMBER)).project.list({ orgSlug: w.scope.orgSlug })).items).toEqual([]);
    await (await w.as(w.users.MANAGER)).project.setArchived({ ...w.scope, archived: true });
    expect((await admin.project.list({ orgSlug: w.scope.orgSlug })).items).toHaveLength(2);
    expect((await admin.project.list({ orgSlug: w.scope.orgSlug, includeArchived: true })).items).toHaveLength(3);
  });
});

describe('[PROJECT]: label schema versions', () => {
  it('saves a changed schema as a new version and keeps the old one', async () => {
    const w = await projectWorld();
    const pm = await w.as(w.users.MANAGER);
    const v1 = await pm.project.labelSchema(w.scope);
    expect(v1.version).toBe(1);
    expect(await pm.project.saveLabelSchema({ ...w.scope, schema: v1.schema })).toEqual({ version: 1, changed: false });
    const edited = { ...v1.schema, questions: v1.schema.questions.slice(1) };
    expect(await pm.project.saveLabelSchema({ ...w.scope, schema: edited })).toEqual({ version: 2, changed: true });
    expect((await pm.project.labelSchema(w.scope)).schema.questions.map((q) => q.id)).toEqual(['malignancy']);
    expect((await pm.project.labelSchema({ ...w.scope, version: 1 })).schema.questions).toHaveLength(2);
    expect((await pm.project.get(w.scope)).schemaVersion).toBe(2);
  });

  it('refuses to reuse a retired id for another kind of question, naming the field, and changes nothing', async () => {
    const w = await projectWorld();
    const pm = await w.as(w.users.MANAGER);
    const v1 = await pm.project.labelSchema(w.scope);
    await pm.project.saveLabelSchema({ ...w.scope, schema: { ...v1.schema, questions: [] } });
    const before = await fingerprint();
    const reuse = { ...v1.schema, questions: [{ id: 'nodule_present', type: 'text' as const, text: 'Comment', required: false, help: '', maxLength: 100 }] };
    const err = await pm.project.saveLabelSchema({ ...w.scope, schema: reuse }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT' });
    expect((err as { cause: { fieldErrors: Record<string, string[]> } }).cause.fieldErrors['questions.0.id']![0]).toMatch(/was a question single in version 1/);
    expect(await fingerprint()).toEqual(before);
    expect((await pm.project.get(w.scope)).schemaVersion).toBe(2);
  });

  it('rejects invalid schemas with field errors', async () => {
    const w = await projectWorld();
    const pm = await w.as(w.users.MANAGER);
    const bad = {
      questions: [
        { id: 'q1', type: 'single' as const, text: 'One option', required: false, help: '', options: [{ id: 'a', label: 'A' }] },
        { id: 'q1', type: 'number' as const, text: 'Dup', required: false, help: '', unit: 'mm', min: 5, max: 1 },
      ],
      labels: [{ id: 'Bad Id', name: 'x', color: 'red', kind: 'segmentation' as const, attributes: [] }],
    };
    const err = await pm.project.saveLabelSchema({ ...w.scope, schema: bad }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST' });
    const messages = JSON.stringify((err as { cause: { issues: unknown[] } }).cause.issues);
    for (const m of ['Give at least two options', 'Ids are 1–40', 'A color like #22aa88']) expect(messages).toContain(m);
  });
});
