import { z } from 'zod';
import { transaction, type Tx } from '../../db/client';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { OrgContext } from '../context';
import { syncCaseStatuses } from './case-status';
import { fillCases } from './distribute';

/** The placeholder read until the viewer lands: answers by question id, and a note. */
export const ZSubmitPayloadSchema = z.object({
  answers: z.record(z.string().max(40), z.union([z.string().max(10_000), z.number(), z.boolean(), z.array(z.string().max(200)).max(100), z.null()])).default({}),
  note: z.string().max(5000).default(''),
});
export type TSubmitPayload = z.infer<typeof ZSubmitPayloadSchema>;

/**
 * Runs `fn` on the actor's own assignment, under the project lock. Another reader's assignment
 * is NOT_FOUND (never FORBIDDEN: its existence is not revealed).
 */
type OwnAssignment = NonNullable<Awaited<ReturnType<typeof assignmentRepository.find>>>;

async function onOwnAssignment<T>(ctx: OrgContext, assignmentId: string, fn: (a: OwnAssignment, tx: Tx, project: { schemaVersion: number }) => Promise<T>) {
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

/** Submits the read (placeholder payload), recording the schema version it was made with and the time spent. */
export async function submitAssignment(ctx: OrgContext, assignmentId: string, payload: TSubmitPayload, now = new Date()) {
  const caseId = await onOwnAssignment(ctx, assignmentId, async (a, tx, project) => {
    const spent = a.startedAt ? now.getTime() - a.startedAt.getTime() : 0;
    await assignmentRepository.update(tx, ctx.orgId, a.id, {
      status: 'SUBMITTED',
      submittedAt: now,
      startedAt: a.startedAt ?? now,
      timeSpentMs: a.timeSpentMs + Math.max(0, spent),
      schemaVersion: project.schemaVersion,
      payload,
    });
    await syncCaseStatuses(tx, ctx.orgId, [a.caseId]);
    return a.caseId;
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'assignment.submitted', targetType: 'case', targetId: caseId });
}
