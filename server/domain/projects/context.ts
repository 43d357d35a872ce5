import type { EffectiveProjectRole } from '../../authz/permissions';
import type { OrgContext } from '../context';

/** An org context inside one project, with the actor's effective role there. */
export interface ProjectContext extends OrgContext {
  projectId: string;
  projectRole: EffectiveProjectRole;
}
