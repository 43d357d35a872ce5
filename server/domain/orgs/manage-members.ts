import type { TOrgRole } from '../../contracts/org';
import { transaction } from '../../db/client';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { membershipWriteRepository } from '../../db/repositories/organization.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { syncCaseStatuses } from '../assignment/case-status';
import { recordAudit } from '../audit/record';
import type { OrgContext } from '../context';

const LAST_OWNER = 'An organization always keeps one owner: make someone else owner first';

/** Changes a member's org role. Only owners grant or take OWNER; the last owner stays. */
export async function setOrgRole(ctx: OrgContext, userId: string, role: TOrgRole) {
  await transaction(async (tx) => {
    await membershipWriteRepository.lockOrg(tx, ctx.orgId);
    const current = await membershipWriteRepository.find(tx, ctx.orgId, userId);
    if (!current) throw notFound('Member');
    if ((role === 'OWNER' || current.role === 'OWNER') && ctx.role !== 'OWNER') throw new DomainError('FORBIDDEN', 'Only an owner can change who owns the organization');
    if (current.role === 'OWNER' && role !== 'OWNER' && (await membershipWriteRepository.countOwners(tx, ctx.orgId)) <= 1) {
      throw new DomainError('PRECONDITION_FAILED', LAST_OWNER);
    }
    await membershipWriteRepository.setRole(tx, ctx.orgId, userId, role);
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'member.role_set', targetType: 'user', targetId: userId, data: { role } });
}

/** Removes someone from the organization and its projects; their open assignments return to the pool. */
export async function removeOrgMember(ctx: OrgContext, userId: string) {
  await transaction(async (tx) => {
    await membershipWriteRepository.lockOrg(tx, ctx.orgId);
    const current = await membershipWriteRepository.find(tx, ctx.orgId, userId);
    if (!current) throw notFound('Member');
    if (current.role === 'OWNER' && ctx.role !== 'OWNER') throw new DomainError('FORBIDDEN', 'Only an owner can remove an owner');
    if (current.role === 'OWNER' && (await membershipWriteRepository.countOwners(tx, ctx.orgId)) <= 1) throw new DomainError('PRECONDITION_FAILED', LAST_OWNER);
    for (const { projectId } of await membershipWriteRepository.projectIdsOf(tx, ctx.orgId, userId)) {
      const cases = await assignmentRepository.deleteOpenOf(tx, ctx.orgId, projectId, userId);
      await projectRepository.deactivateMember(tx, projectId, userId);
      await syncCaseStatuses(tx, ctx.orgId, cases);
    }
    await membershipWriteRepository.remove(tx, ctx.orgId, userId);
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'member.removed', targetType: 'user', targetId: userId });
}
