import { canInProject, effectiveProjectRole } from '../../authz/permissions';
import type { TAssignmentDetail, TProgress, TWorklistItem } from '../../contracts/project';
import { notFound } from '../../errors/domain-error';
import { db } from '../../db/client';
import { assignmentReadRepository, assignmentRepository } from '../../db/repositories/assignment.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import type { OrgContext } from '../context';
import { readDocOf } from '../reading/access';
import { caseOpening } from '../reading/opening';
import type { ProjectContext } from '../projects/context';

/** The actor's open assignments in this organization, highest priority first (in-progress before new on ties). */
export async function worklist(ctx: OrgContext, opts: { projectId?: string; cursor?: string; limit: number }) {
  const page = await assignmentRepository.worklist(db(), ctx.orgId, ctx.actor.id, opts);
  const items: TWorklistItem[] = page.items.map((a) => ({
    assignmentId: a.id,
    caseId: a.case.id,
    caseLabel: a.case.label,
    priority: a.case.priority,
    projectId: a.project.id,
    projectName: a.project.name,
    status: a.status,
    assignedAt: a.assignedAt,
  }));
  return { items, nextCursor: page.nextCursor };
}

/** The next case to read: the first item of the worklist, or null when there is none. */
export async function nextAssignment(ctx: OrgContext, projectId?: string): Promise<TWorklistItem | null> {
  return (await worklist(ctx, { projectId, limit: 1 })).items[0] ?? null;
}

/**
 * Cases by status, reads submitted against reads required, and each reader's counts (from the
 * trigger-kept ProjectStat) with their median time per read; reads submitted per day for 30 days.
 */
export async function projectProgress(ctx: ProjectContext, readersPerCase: number, now = new Date()): Promise<TProgress> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days = Array.from({ length: 30 }, (_, i) => new Date(today - (29 - i) * 86_400_000).toISOString().slice(0, 10));
  const [stats, members, perDay, medians, gold] = await Promise.all([
    assignmentRepository.stats(db(), ctx.orgId, ctx.projectId),
    projectRepository.members(db(), ctx.orgId, ctx.projectId),
    assignmentRepository.readsPerDay(db(), ctx.orgId, ctx.projectId, new Date(today - 29 * 86_400_000)),
    assignmentRepository.medianTimes(db(), ctx.orgId, ctx.projectId),
    assignmentRepository.goldTotals(db(), ctx.orgId, ctx.projectId),
  ]);
  const median = new Map(medians.map((m) => [m.readerId, m.ms / 60_000]));
  const reads = new Map(perDay.map((d) => [d.day, d.n]));
  const cases: TProgress['cases'] = { NEW: 0, ASSIGNED: 0, READING: 0, READS_COMPLETE: 0, IN_ADJUDICATION: 0, DONE: 0 };
  const names = new Map(members.map((m) => [m.user.id, m.user.name]));
  const readers = new Map<string, TProgress['readers'][number]>();
  const field = { ASSIGNED: 'assigned', IN_PROGRESS: 'inProgress', SUBMITTED: 'submitted', SKIPPED: 'skipped' } as const;
  for (const s of stats) {
    if (s.kind === 'case') {
      cases[s.status as keyof TProgress['cases']] = s.n;
      continue;
    }
    const r = readers.get(s.readerId) ?? { readerId: s.readerId, name: names.get(s.readerId) ?? 'Former member', assigned: 0, inProgress: 0, submitted: 0, skipped: 0, medianMinutes: median.get(s.readerId) ?? null };
    r[field[s.status as keyof typeof field]] += s.n;
    readers.set(s.readerId, r);
  }
  const totalCases = Object.values(cases).reduce((a, b) => a + b, 0);
  const readsSubmitted = [...readers.values()].reduce((n, r) => n + r.submitted, 0);
  return {
    cases,
    totalCases,
    // Gold-standard cases are read by every reader they were given to, not by readersPerCase.
    readsRequired: (totalCases - gold.cases) * readersPerCase + gold.reads,
    readsSubmitted,
    readers: [...readers.values()].sort((a, b) => a.name.localeCompare(b.name)),
    readsPerDay: days.map((day) => ({ day, reads: reads.get(day) ?? 0 })),
  };
}

/**
 * An assignment for the case page: the actor's own, or — read-only, with the reader's name — one
 * of a project where the actor sees all reads (PM, lead, org admin). Anyone else: NOT_FOUND.
 */
export async function getAssignment(ctx: OrgContext, assignmentId: string): Promise<TAssignmentDetail> {
  const a = await assignmentReadRepository.findDetailed(ctx.orgId, assignmentId, ctx.actor.id);
  if (!a) throw notFound('Assignment');
  const mine = a.reader.id === ctx.actor.id;
  if (!mine) {
    const role = effectiveProjectRole(ctx.role, a.project.members[0] ?? null);
    if (!role || !canInProject(role, 'reads.view_all')) throw notFound('Assignment');
  }
  const { shared, docName } = readDocOf({ id: a.id, caseId: a.case.id }, a.project, a.case.goldAnswers);
  return {
    mine,
    readerName: mine ? null : a.reader.name,
    docName,
    sharedWith: shared ? a.case.assignments.filter((x) => x.reader.id !== a.reader.id).map((x) => x.reader.name) : null,
    assignmentId: a.id,
    status: a.status,
    caseId: a.case.id,
    caseLabel: a.case.label,
    priority: a.case.priority,
    projectId: a.project.id,
    projectName: a.project.name,
    projectArchived: a.project.status === 'ARCHIVED',
    schemaVersion: a.schemaVersion ?? a.project.schemaVersion,
    studyInstanceUid: a.case.study?.studyInstanceUid ?? null,
    seriesInstanceUid: a.case.seriesId ? (a.case.study?.series.find((s) => s.id === a.case.seriesId)?.seriesInstanceUid ?? null) : null,
    ...(await caseOpening(ctx.orgId, a.case.seriesId, a.case.study?.series ?? [])),
  };
}
