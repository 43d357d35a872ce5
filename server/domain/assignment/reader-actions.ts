import { transaction, type Tx } from '../../db/client';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { OrgContext } from '../context';
import { syncCaseStatuses } from './case-status';
import { fillCases } from './distribute';

/**
 * Runs `fn` on the actor's own assignment, under the project lock. Another reader's assignment
 * is NOT_FOUND (never FORBIDDEN: its existence is not revealed).
 */
export type OwnAssignment = NonNullable<Awaited<ReturnType<typeof assignmentRepository.find>>>;

export async function onOwnAssignment<T>(ctx: OrgContext, assignmentId: string, fn: (a: OwnAssignment, tx: Tx, project: { schemaVersion: number }) => Promise<T>) {
  return transaction(async (tx) => {
    const a = await assignmentRepository.find(tx, ctx.orgId, assignmentId, ctx.actor.id);
    if (!a) throw notFound('Assignment');
    const project = await assignmentRepository.lockProject(tx, ctx.orgId, a.projectId);
    if (!project) throw notFound('Assignment');
    if (project.status !== 'ACTIVE') throw new DomainError('PRECONDITION_FAILED', 'This project is archived');
    const fresh = (await assignmentRepository.find(tx, ctx.orgId, assignmentId, ctx.actor.id))!;
    if (fresh.status === 'SUBMITTED') throw new DomainError('PRECONDITION_FAILED', 'This read is already submitted');
    if (fresh.status === 'SKIPPED') throw new DomainError('PRECONDITION_FAILED', 'This case was skipped');
    return fn(fresh, tx, project);
  });
}

export async function startAssignment(ctx: OrgContext, assignmentId: string) {
  await onOwnAssignment(ctx, assignmentId, async (a, tx) => {
    if (a.status === 'IN_PROGRESS') return;
    await assignmentRepository.update(tx, ctx.orgId, a.id, { status: 'IN_PROGRESS', startedAt: new Date() });
    await syncCaseStatuses(tx, ctx.orgId, [a.caseId]);
  });
}

/** Skips a case with a reason; the case goes straight back to the pool and to another reader if one is free. */
export async function skipAssignment(ctx: OrgContext, assignmentId: string, reason: string) {
  const caseId = await onOwnAssignment(ctx, assignmentId, async (a, tx) => {
    await assignmentRepository.update(tx, ctx.orgId, a.id, { status: 'SKIPPED', skippedAt: new Date(), skipReason: reason });
    await syncCaseStatuses(tx, ctx.orgId, [a.caseId]);
    await fillCases(tx, ctx.orgId, a.projectId, a.caseId);
    return a.caseId;
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'assignment.skipped', targetType: 'case', targetId: caseId, data: { reason } });
}
