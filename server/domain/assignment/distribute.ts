import { db, transaction, type Tx } from '../../db/client';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { caseRepository } from '../../db/repositories/case.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';
import { syncCaseStatuses } from './case-status';
import { planDistribution, planGold, type Plan } from './plan';

/** Fills cases of a project that lack readers (all of them, or one), inside a transaction holding the project lock. */
export async function fillCases(tx: Tx, orgId: string, projectId: string, onlyCaseId?: string): Promise<Plan & { eligible: number }> {
  const project = await assignmentRepository.lockProject(tx, orgId, projectId);
  if (!project) throw notFound('Project');
  if (project.status !== 'ACTIVE') throw new DomainError('PRECONDITION_FAILED', 'This project is archived');
  const [readers, counts, cases] = await Promise.all([
    assignmentRepository.eligibleReaders(tx, projectId),
    assignmentRepository.openCounts(tx, orgId, projectId),
    caseRepository.needingReaders(tx, orgId, projectId, onlyCaseId),
  ]);
  const open = new Map(counts.map((c) => [c.readerId, c._count._all]));
  const taken = await assignmentRepository.readersOfCases(tx, orgId, cases.map((c) => c.id));
  const excluded = new Map<string, Set<string>>();
  for (const t of taken) (excluded.get(t.caseId) ?? excluded.set(t.caseId, new Set()).get(t.caseId)!).add(t.readerId);
  const plan = planDistribution(
    cases.map((c) => ({ id: c.id, needed: c.needed, excluded: excluded.get(c.id) ?? new Set() })),
    readers.map((r) => ({ id: r.userId, open: open.get(r.userId) ?? 0 })),
  );
  if (plan.assignments.length) {
    const priority = new Map(cases.map((c) => [c.id, c.priority]));
    await assignmentRepository.createMany(tx, orgId, projectId, plan.assignments.map((a) => ({ ...a, priority: priority.get(a.caseId) ?? 0 })));
    await syncCaseStatuses(tx, orgId, plan.assignments.map((a) => a.caseId));
  }
  const gold = onlyCaseId ? [] : await fillGold(tx, orgId, projectId, project.goldRate, readers.map((r) => r.userId));
  return { ...plan, assignments: [...plan.assignments, ...gold], eligible: readers.length };
}

/**
 * Tops up each reader's gold-standard cases to the project's rate. A gold assignment takes the
 * worklist place (priority and time) of one of the reader's open cases picked at random, so
 * nothing tells the reader which case is gold.
 */
async function fillGold(tx: Tx, orgId: string, projectId: string, rate: number, readerIds: string[]) {
  if (rate <= 0) return [];
  const cases = await caseRepository.gold(tx, orgId, projectId);
  if (!cases.length) return [];
  const counts = new Map((await assignmentRepository.goldCounts(tx, orgId, projectId)).map((c) => [c.readerId, c]));
  const planned = planGold(
    cases.map((c) => ({ id: c.id, excluded: new Set(c.assignments.map((a) => a.readerId)) })),
    readerIds.map((id) => ({ id, regular: counts.get(id)?.regular ?? 0, gold: counts.get(id)?.gold ?? 0 })),
    rate,
  );
  const rows = [];
  const placesOf = new Map<string, Awaited<ReturnType<typeof assignmentRepository.openPlaces>>>();
  for (const g of planned) {
    if (!placesOf.has(g.readerId)) placesOf.set(g.readerId, await assignmentRepository.openPlaces(tx, orgId, projectId, g.readerId));
    const places = placesOf.get(g.readerId)!;
    const place = places[Math.floor(Math.random() * places.length)];
    rows.push({ ...g, priority: place?.priority ?? cases.find((c) => c.id === g.caseId)!.priority, ...(place ? { assignedAt: place.assignedAt } : {}) });
  }
  if (rows.length) {
    await assignmentRepository.createMany(tx, orgId, projectId, rows);
    await syncCaseStatuses(tx, orgId, rows.map((r) => r.caseId));
  }
  return planned;
}

/**
 * The PM's "distribute": every case lacking readers gets readersPerCase distinct eligible
 * readers, least-loaded first. With too few eligible readers it assigns what it can and says so.
 */
export async function distribute(ctx: ProjectContext) {
  if (!(await caseRepository.any(db(), ctx.orgId, ctx.projectId))) throw new DomainError('PRECONDITION_FAILED', 'This project has no cases yet. Add cases, then distribute.');
  const result = await transaction((tx) => fillCases(tx, ctx.orgId, ctx.projectId));
  if (!result.assignments.length && !result.casesShort && !result.casesFilled) {
    return { assigned: 0, casesFilled: 0, casesShort: 0, message: 'Every case already has its readers.' };
  }
  if (!result.eligible) throw new DomainError('PRECONDITION_FAILED', 'This project has no readers yet. Add readers, then distribute.');
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'project.distributed', targetType: 'project', targetId: ctx.projectId, data: { assigned: result.assignments.length } });
  const short = result.casesShort
    ? ` ${result.casesShort} case${result.casesShort === 1 ? '' : 's'} still lack readers: the project has only ${result.eligible} eligible reader${result.eligible === 1 ? '' : 's'}.`
    : '';
  return {
    assigned: result.assignments.length,
    casesFilled: result.casesFilled,
    casesShort: result.casesShort,
    message: `Assigned ${result.assignments.length} read${result.assignments.length === 1 ? '' : 's'}.${short}`,
  };
}
