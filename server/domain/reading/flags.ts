import type { CASE_FLAG_KINDS } from '../../contracts/project';
import { db } from '../../db/client';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { caseFlagRepository } from '../../db/repositories/case.repository';
import { notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { OrgContext } from '../context';

/** A reader reports a problem with a case of theirs (it shows on the project's case list for the PM). */
export async function flagCase(ctx: OrgContext, assignmentId: string, kind: (typeof CASE_FLAG_KINDS)[number], note: string) {
  const a = await assignmentRepository.find(db(), ctx.orgId, assignmentId, ctx.actor.id);
  if (!a) throw notFound('Assignment');
  const flag = await caseFlagRepository.create(db(), { orgId: ctx.orgId, projectId: a.projectId, caseId: a.caseId, assignmentId: a.id, readerId: ctx.actor.id, kind, note });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'case.flagged', targetType: 'case', targetId: a.caseId, data: { kind, flagId: flag.id } });
  return { id: flag.id };
}
