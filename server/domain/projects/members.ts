import type { TProjectRole } from '../../contracts/project';
import { db } from '../../db/client';
import { membershipRepository } from '../../db/repositories/organization.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { userRepository } from '../../db/repositories/user.repository';
import { DomainError } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from './context';

export async function listProjectMembers(ctx: ProjectContext) {
  const rows = await projectRepository.members(db(), ctx.orgId, ctx.projectId);
  return rows.map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role, active: m.active }));
}

/** Gives an organization member a role in the project (by email). Someone outside the organization is not found. */
export async function setProjectMember(ctx: ProjectContext, email: string, role: TProjectRole) {
  const user = await userRepository.findByEmail(db(), email);
  const orgMember = user ? await membershipRepository.findByUser(db(), ctx.orgId, user.id) : null;
  if (!user || !orgMember) {
    throw new DomainError('NOT_FOUND', 'No member of this organization has that email; invite them first', { email: ['Not a member of this organization'] });
  }
  await projectRepository.setMember(db(), ctx.projectId, user.id, role);
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'project.member_set', targetType: 'user', targetId: user.id, data: { projectId: ctx.projectId, role } });
  return { userId: user.id };
}
