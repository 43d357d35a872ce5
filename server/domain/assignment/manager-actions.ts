import { transaction } from '../../db/client';
import { agreementRepository } from '../../db/repositories/agreement.repository';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { decisionRepository } from '../../db/repositories/decision.repository';
import { caseRepository } from '../../db/repositories/case.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';
import { readDocOf } from '../reading/access';
import { syncCaseStatuses } from './case-status';

/** Moves an unsubmitted assignment to another eligible reader (one not already on the case). */
export async function reassign(ctx: ProjectContext, assignmentId: string, readerId: string) {
  await transaction(async (tx) => {
    await assignmentRepository.lockProject(tx, ctx.orgId, ctx.projectId);
    const a = await assignmentRepository.find(tx, ctx.orgId, assignmentId);
    if (!a || a.projectId !== ctx.projectId) throw notFound('Assignment');
    if (a.status === 'SUBMITTED') throw new DomainError('PRECONDITION_FAILED', 'A submitted read cannot be reassigned');
    const eligible = await assignmentRepository.eligibleReaders(tx, ctx.projectId);
    if (!eligible.some((r) => r.userId === readerId)) throw new DomainError('NOT_FOUND', 'That person is not a reader of this project', { readerId: ['Not a reader of this project'] });
    const onCase = await assignmentRepository.readersOfCases(tx, ctx.orgId, [a.caseId]);
    if (onCase.some((r) => r.readerId === readerId)) throw new DomainError('CONFLICT', 'That reader already has (or skipped) this case', { readerId: ['Already on this case'] });
    await assignmentRepository.update(tx, ctx.orgId, a.id, { readerId, status: 'ASSIGNED', startedAt: null, skippedAt: null, skipReason: null, assignedAt: new Date(), timeSpentMs: 0 });
    await syncCaseStatuses(tx, ctx.orgId, [a.caseId]);
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'assignment.reassigned', targetType: 'assignment', targetId: assignmentId, data: { readerId } });
}

/** Removes someone from the project; a reader's open assignments return to the pool. */
export async function removeProjectMember(ctx: ProjectContext, userId: string) {
  const returned = await transaction(async (tx) => {
    await assignmentRepository.lockProject(tx, ctx.orgId, ctx.projectId);
    const cases = await assignmentRepository.deleteOpenOf(tx, ctx.orgId, ctx.projectId, userId);
    const changed = await projectRepository.deactivateMember(tx, ctx.projectId, userId);
    if (!changed.count) throw notFound('Project member');
    await syncCaseStatuses(tx, ctx.orgId, cases);
    return cases.length;
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'project.member_removed', targetType: 'user', targetId: userId, data: { projectId: ctx.projectId, returnedAssignments: returned } });
  return { returnedAssignments: returned };
}

/**
 * Reopens a submitted read for its reader (audited). A case that had reached adjudication or
 * DONE goes back to READING: its agreement is forgotten and its decision superseded (kept in the
 * history), since its reads are no longer all in. A collaborative case's shared read reopens for
 * all the readers who submitted it together.
 */
export async function reopenAssignment(ctx: ProjectContext, assignmentId: string, reason: string) {
  const caseId = await transaction(async (tx) => {
    const project = await assignmentRepository.lockProject(tx, ctx.orgId, ctx.projectId);
    const a = await assignmentRepository.find(tx, ctx.orgId, assignmentId);
    if (!a || a.projectId !== ctx.projectId) throw notFound('Assignment');
    if (a.status !== 'SUBMITTED') throw new DomainError('PRECONDITION_FAILED', 'Only a submitted read can be reopened');
    const reopened = project && readDocOf(a, project, a.case.goldAnswers).shared ? await assignmentRepository.ofCaseIn(tx, ctx.orgId, a.caseId, ['SUBMITTED']) : [a];
    // The time spent so far is kept; the clock of this new reading period starts now.
    for (const r of reopened) await assignmentRepository.update(tx, ctx.orgId, r.id, { status: 'IN_PROGRESS', submittedAt: null, startedAt: new Date() });
    await caseRepository.setStatus(tx, ctx.orgId, a.caseId, 'READING');
    await agreementRepository.deleteOfCase(tx, ctx.orgId, a.caseId);
    await decisionRepository.supersede(tx, ctx.orgId, a.caseId, new Date());
    await syncCaseStatuses(tx, ctx.orgId, [a.caseId]);
    return a.caseId;
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'assignment.reopened', targetType: 'case', targetId: caseId, data: { assignmentId, reason } });
}
