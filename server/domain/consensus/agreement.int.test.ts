import { describe, expect, it } from 'vitest';
import { LUNG_SCHEMA, projectWorld } from '../../testing/project-world';
import { db } from '../../db/client';
import { fingerprint } from '../../db/fingerprint';
import { settleAgreements } from '../../testing/agreement';
import type { TAnswer } from '../../contracts/annotation-doc/schema';
import { computeCaseAgreement } from './compute';

const SCHEMA = {
  ...LUNG_SCHEMA,
  questions: [...LUNG_SCHEMA.questions, { id: 'diameter', type: 'number' as const, text: 'Diameter', required: false, help: '', unit: 'mm' }],
};

// Three readers on five cases: nodule present / malignancy level / diameter (mm).
const ANSWERS: Record<string, [string, string, number][]> = {
  c1: [['yes', 'm3', 10], ['yes', 'm3', 11], ['yes', 'm3', 12]],
  c2: [['no', 'm1', 5], ['no', 'm1', 5], ['no', 'm1', 6]],
  c3: [['yes', 'm4', 20], ['yes', 'm4', 18], ['no', 'm4', 22]],
  c4: [['yes', 'm2', 8], ['no', 'm2', 9], ['no', 'm2', 8]],
  c5: [['no', 'm1', 4], ['no', 'm1', 4], ['no', 'm1', 4]],
};

/** Fleiss (1971) kappa written out from its definition, independently of server/stats. */
function fleissByHand(table: string[][]) {
  const cats = [...new Set(table.flat())];
  const n = table[0]!.length;
  const N = table.length;
  const p = cats.map((c) => table.reduce((s, row) => s + row.filter((x) => x === c).length, 0) / (N * n));
  const P = table.map((row) => (cats.reduce((s, c) => s + row.filter((x) => x === c).length ** 2, 0) - n) / (n * (n - 1)));
  const Pbar = P.reduce((s, x) => s + x, 0) / N;
  const Pe = p.reduce((s, x) => s + x * x, 0);
  return (Pbar - Pe) / (1 - Pe);
}

/** ICC(1,1) from the one-way ANOVA (Shrout & Fleiss 1979), written out. */
function icc11ByHand(rows: number[][]) {
  const n = rows.length;
  const k = rows[0]!.length;
  const grand = rows.flat().reduce((s, x) => s + x, 0) / (n * k);
  const means = rows.map((r) => r.reduce((s, x) => s + x, 0) / k);
  const bms = (k * means.reduce((s, m) => s + (m - grand) ** 2, 0)) / (n - 1);
  const wms = rows.reduce((s, r, i) => s + r.reduce((t, x) => t + (x - means[i]!) ** 2, 0), 0) / (n * (k - 1));
  return (bms - wms) / (bms + (k - 1) * wms);
}

async function world() {
  const w = await projectWorld({ readers: 3, readersPerCase: 3 });
  const pm = await w.as(w.users.MANAGER);
  await pm.project.saveLabelSchema({ ...w.scope, schema: SCHEMA });
  for (const label of Object.keys(ANSWERS)) await pm.case.create({ ...w.scope, label, priority: 0 });
  await pm.case.distribute(w.scope);
  const readers = await Promise.all(w.readers.map((r) => w.as(r)));
  const submit = async (reader: number, caseLabel: string, answers: Record<string, TAnswer>) => {
    const item = (await readers[reader]!.assignment.worklist({ orgSlug: w.scope.orgSlug, limit: 50 })).items.find((i) => i.caseLabel === caseLabel)!;
    return readers[reader]!.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId: item.assignmentId, answers });
  };
  const caseId = async (label: string) => (await db().case.findFirstOrThrow({ where: { projectId: w.scope.projectId, label } })).id;
  return { w, pm, readers, submit, caseId };
}


describe('[AGREEMENT] in the product: a job per case when its reads are in, and the project report', () => {
  it('computes each case’s agreement and candidate consensus, applies the policy, and reports kappa and ICC that match independent computations', { timeout: 120_000 }, async () => {
    const { w, pm, submit, caseId } = await world();
    for (const [label, rows] of Object.entries(ANSWERS)) {
      for (const [r, [present, grade, diameter]] of rows.entries()) {
        await submit(r, label, { nodule_present: present, malignancy: grade, diameter });
      }
    }
    await settleAgreements(await Promise.all(Object.keys(ANSWERS).map(caseId)));
    const statuses = await db().case.findMany({ where: { projectId: w.scope.projectId }, orderBy: { label: 'asc' }, select: { label: true, status: true } });
    // Threshold 0.8, majority: c3 and c4 have 2 of 3 readers agreeing on presence (1/3 of pairs).
    expect(statuses.map((s) => `${s.label}:${s.status}`)).toEqual(['c1:DONE', 'c2:DONE', 'c3:IN_ADJUDICATION', 'c4:IN_ADJUDICATION', 'c5:DONE']);

    const c3 = await pm.report.case({ ...w.scope, caseId: await caseId('c3') });
    expect(c3).toMatchObject({ decision: 'ADJUDICATE', method: 'MAJORITY', threshold: 0.8, engineVersion: '1', caseStatus: 'IN_ADJUDICATION' });
    expect(c3.score).toBeCloseTo(1 / 3, 12);
    expect(c3.reason).toBe('Agreement 0.33 on “Nodule present?” is below the threshold 0.8');
    expect(c3.readers.map((r) => r.name)).toEqual(['Reader 1', 'Reader 2', 'Reader 3']);
    expect(c3.consensus.answers).toEqual({ nodule_present: 'yes', malignancy: 'm4', diameter: 20 });
    const diameter = c3.items.find((i) => i.id === 'diameter');
    expect(diameter).toMatchObject({ kind: 'question', agreement: null, spread: { mean: 20, min: 18, max: 22 } });
    expect(diameter?.kind === 'question' && diameter.spread?.sd).toBeCloseTo(2, 12);

    const report = await pm.report.project(w.scope);
    expect(report.cases).toEqual({ compared: 5, accepted: 3, adjudicate: 2, waiting: 0 });
    const present = report.questions.find((q) => q.id === 'nodule_present')!;
    const byCase = Object.values(ANSWERS);
    const fleiss = present.stats.find((s) => s.name === 'Fleiss’ κ')!.stat;
    expect(fleiss.value).toBeCloseTo(fleissByHand(byCase.map((rows) => rows.map((r) => r[0]))), 9);
    expect(fleiss.ci![0]).toBeLessThan(fleiss.value!);
    expect(present.pairs).toHaveLength(3);
    // Malignancy: every reader gave the same level on every case.
    const grade = report.questions.find((q) => q.id === 'malignancy')!;
    expect(grade.stats.find((s) => s.name === 'Krippendorff’s α (ordinal)')!.stat.value).toBeCloseTo(1, 12);
    const icc = report.questions.find((q) => q.id === 'diameter')!;
    expect(icc.stats.find((s) => s.name === 'ICC(1,1)')!.stat.value).toBeCloseTo(icc11ByHand(byCase.map((rows) => rows.map((r) => r[2]))), 9);
    expect(icc.stats.map((s) => s.name)).toContain('ICC(2,1)'); // the same three readers measured every case
    expect(icc.blandAltman).toHaveLength(3);
    // Pairs are ordered by reader id; the bias is a − b.
    const [r0, r1] = [w.readers[0]!.id, w.readers[1]!.id];
    const ba = icc.blandAltman.find((p) => [p.a, p.b].sort().join() === [r0, r1].sort().join())!;
    const diffs = byCase.map((rows) => (ba.a === r0 ? rows[0]![2] - rows[1]![2] : rows[1]![2] - rows[0]![2]));
    expect(ba.bias).toBeCloseTo(diffs.reduce((s, x) => s + x, 0) / diffs.length, 12);
    expect(report.readers.map((r) => [r.name, r.reads])).toEqual([['Reader 1', 5], ['Reader 2', 5], ['Reader 3', 5]]);
    // Reader 3 agrees with the others on presence in c1, c2, c4 (half), c5; not in c3.
    expect(report.readers[2]!.answerAgreement).toBeCloseTo((1 + 1 + 1 + 0 + 0.5 + 1 + 1 + 1 + 1 + 1) / 10, 12);

    // The lead's queue: the two disputed cases, what they are disputed on, filterable.
    const lead = await w.as(w.users.LEAD);
    const queue = await lead.adjudication.queue(w.scope);
    expect(queue.total).toBe(2);
    expect(queue.items.map((i) => [i.label, i.disputed.map((d) => d.id)])).toEqual([['c3', ['nodule_present']], ['c4', ['nodule_present']]]);
    expect(queue.byItem).toEqual([{ id: 'nodule_present', name: 'Nodule present?', kind: 'question:single', cases: 2 }]);
    expect((await lead.adjudication.queue({ ...w.scope, item: 'malignancy' })).items).toEqual([]);

    const csv = await pm.report.csv(w.scope);
    expect(csv.csv.split('\n')[0]).toBe('case,status,decision,case_score,item_kind,item_id,item,series_uid,agreement,consensus,note');
    expect(csv.csv).toContain('c3,IN_ADJUDICATION,ADJUDICATE,0.3333333333,question,nodule_present,Nodule present?,,0.3333333333,yes,');
  });

  it('forgets a case’s agreement when a read is reopened and recomputes it on resubmit; a PM re-queues cases whose job is missing', { timeout: 120_000 }, async () => {
    const { w, pm, submit, caseId } = await world();
    const id = await caseId('c3');
    for (const [r, [present, grade]] of ANSWERS.c3!.entries()) {
      await submit(r, 'c3', { nodule_present: present, malignancy: grade });
      // Nothing is compared before the last read is in.
      if (r < 2) expect(await db().case.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'READING' });
    }
    await settleAgreements([id]);
    const third = await db().assignment.findFirstOrThrow({ where: { caseId: id, readerId: w.readers[2]!.id } });
    await pm.case.reopen({ ...w.scope, assignmentId: third.id, reason: 'Look again at the apex' });
    expect(await db().caseAgreement.count({ where: { caseId: id } })).toBe(0);
    await expect(pm.report.case({ ...w.scope, caseId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await submit(2, 'c3', { nodule_present: 'yes', malignancy: 'm4' });
    await settleAgreements([id]);
    const again = await pm.report.case({ ...w.scope, caseId: id });
    expect(again).toMatchObject({ score: 1, decision: 'ACCEPTED', caseStatus: 'DONE' });

    // A case whose job never ran (e.g. the queue was down) is found and queued again.
    const c1 = await caseId('c1');
    for (const [r, [present, grade]] of ANSWERS.c1!.entries()) await submit(r, 'c1', { nodule_present: present, malignancy: grade });
    await settleAgreements([c1]);
    await db().caseAgreement.deleteMany({ where: { caseId: c1 } });
    expect((await pm.report.project(w.scope)).cases.waiting).toBe(1);
    expect(await pm.report.recompute(w.scope)).toEqual({ queued: 1 });
    await settleAgreements([c1]);
    expect((await pm.report.project(w.scope)).cases).toMatchObject({ compared: 2, waiting: 0 });
  });

  it('shows reports to managers and leads only; a reader, another tenant or another project’s case learn nothing and change nothing', { timeout: 120_000 }, async () => {
    const { w, submit, caseId } = await world();
    const id = await caseId('c1');
    for (const [r, [present, grade]] of ANSWERS.c1!.entries()) await submit(r, 'c1', { nodule_present: present, malignancy: grade });
    await settleAgreements([id]);
    const lead = await w.as(w.users.LEAD);
    expect((await lead.report.case({ ...w.scope, caseId: id })).score).toBe(1);
    const owner = await w.as(w.users.OWNER);
    const other = await owner.project.create({ orgSlug: w.scope.orgSlug, name: 'Other', description: '', modality: null, readersPerCase: 1, blinded: true, consensusMethod: 'MAJORITY', autoAcceptThreshold: null });
    const reader = await w.as(w.readers[0]!);
    const outsider = await w.as(w.users.outsider);
    const before = await fingerprint();
    await expect(reader.report.case({ ...w.scope, caseId: id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reader.report.project(w.scope)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(lead.report.recompute(w.scope)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(outsider.report.case({ ...w.scope, caseId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The case id of this project asked for through another project of the same organization.
    await expect(owner.report.case({ orgSlug: w.scope.orgSlug, projectId: other.id, caseId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A job payload naming the wrong project does nothing.
    await computeCaseAgreement({ orgId: (await db().case.findUniqueOrThrow({ where: { id } })).orgId, projectId: other.id, caseId: id });
    expect(await fingerprint()).toEqual(before);
  });

  it('a lead finalizes a disputed case, taking a reader’s answer where there is no consensus; re-deciding adds a version; others cannot, bad choices change nothing', { timeout: 120_000 }, async () => {
    const { w, pm, submit, caseId } = await world();
    const id = await caseId('c3');
    // Three readers, three malignancy levels: no consensus; presence 2 of 3.
    for (const [r, [present, grade]] of [['yes', 'm4'], ['yes', 'm3'], ['no', 'm2']].entries()) await submit(r, 'c3', { nodule_present: present!, malignancy: grade! });
    await settleAgreements([id]);
    const lead = await w.as(w.users.LEAD);
    const reader = await w.as(w.readers[0]!);
    const decide = (api: typeof lead, choices: { item: string; source: string }[], reason = '') => api.adjudication.decide({ ...w.scope, caseId: id, choices, reason });
    const before = await fingerprint();
    await expect(decide(lead, [])).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Choose an answer for “Malignancy”: the readers’ answers have no consensus' });
    await expect(decide(lead, [{ item: 'question:malignancy', source: `reader:${w.users.LEAD.id}` }])).rejects.toMatchObject({ code: 'BAD_REQUEST', message: `reader:${w.users.LEAD.id} did not read this case` });
    await expect(decide(lead, [{ item: 'question:nope', source: 'consensus' }])).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'question:nope is not a question or label of this case’s schema' });
    await expect(decide(lead, [{ item: 'question:malignancy', source: 'everyone' }])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(decide(pm, [])).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(decide(reader, [])).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await fingerprint()).toEqual(before);

    expect(await decide(lead, [{ item: 'question:malignancy', source: `reader:${w.readers[1]!.id}` }], 'Reader 2 rated the solid part')).toEqual({ version: 1 });
    expect((await db().case.findUniqueOrThrow({ where: { id } })).status).toBe('DONE');
    expect((await lead.adjudication.queue(w.scope)).total).toBe(0);
    const [v1] = await pm.adjudication.decisions({ ...w.scope, caseId: id });
    expect(v1).toMatchObject({
      version: 1,
      decidedBy: 'Lead',
      reason: 'Reader 2 rated the solid part',
      supersededAt: null,
      answers: { nodule_present: 'yes', malignancy: 'm3' },
      sources: { 'question:nodule_present': 'consensus', 'question:malignancy': `reader:${w.readers[1]!.id}`, 'label:nodule': 'consensus' },
    });
    expect(v1!.score).toBe(0); // three readers, three malignancy levels
    // The record keeps the reads and the disagreement figures the decision was made on.
    const record = await db().caseDecision.findFirstOrThrow({ where: { caseId: id } });
    expect(record.readerIds).toEqual(w.readers.map((r) => r.id));
    expect((record.figures as { items: unknown[] }).items.length).toBeGreaterThan(0);

    // Deciding again makes version 2; version 1 stays, superseded.
    await decide(lead, [{ item: 'question:malignancy', source: `reader:${w.readers[0]!.id}` }, { item: 'question:nodule_present', source: `reader:${w.readers[2]!.id}` }]);
    const history = await lead.adjudication.decisions({ ...w.scope, caseId: id });
    expect(history.map((d) => [d.version, d.supersededAt === null, d.answers.malignancy, d.answers.nodule_present])).toEqual([[2, true, 'm4', 'no'], [1, false, 'm3', 'yes']]);
    // Reopening a read supersedes the decision too: the case is being read again.
    const third = await db().assignment.findFirstOrThrow({ where: { caseId: id, readerId: w.readers[2]!.id } });
    await pm.case.reopen({ ...w.scope, assignmentId: third.id, reason: 'Second look' });
    expect((await lead.adjudication.decisions({ ...w.scope, caseId: id })).every((d) => d.supersededAt !== null)).toBe(true);
    await expect(decide(lead, [])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
