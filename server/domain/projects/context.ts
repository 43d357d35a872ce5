import { effectiveProjectRole, type EffectiveProjectRole } from '../../authz/permissions';
import { organizationRepository } from '../../db/repositories/organization.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import type { OrgContext } from '../context';

/** An org context inside one project, with the actor's effective role there. */
export interface ProjectContext extends OrgContext {
  projectId: string;
  projectRole: EffectiveProjectRole;
}

/**
 * The actor's context in a project for HTTP routes outside tRPC (the same rules as
 * projectProcedure), or null when the organization or project must look absent to them.
 */
export async function projectContextFor(actor: OrgContext['actor'], orgSlug: string, projectId: string): Promise<ProjectContext | null> {
  const membership = await organizationRepository.findMembership(actor.id, orgSlug);
  if (!membership) return null;
  const project = await projectRepository.findWithMembership(membership.org.id, projectId, actor.id);
  const projectRole = project ? effectiveProjectRole(membership.role, project.members[0] ?? null) : null;
  if (!projectRole) return null;
  return { actor: { id: actor.id, email: actor.email, name: actor.name }, orgId: membership.org.id, role: membership.role, projectId, projectRole };
}
