import { db } from '../../db/client';
import { dicomRepository, operatorRepository } from '../../db/repositories/dicom.repository';
import { DomainError } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';

/** The actor of CLI commands: the operator holds the database, so there is no session. */
export const OPERATOR = { id: 'operator', email: '', name: 'operator (CLI)' };

/** A project named on the command line, by id or name, within an organization when the name is ambiguous. */
export async function operatorProject(projectRef: string, orgSlug?: string): Promise<ProjectContext & { projectName: string }> {
  const found = await operatorRepository.findProjects(db(), projectRef, orgSlug);
  if (found.length === 0) throw new DomainError('NOT_FOUND', `No project "${projectRef}"${orgSlug ? ` in ${orgSlug}` : ''}`);
  if (found.length > 1) throw new DomainError('CONFLICT', `"${projectRef}" names projects in ${found.map((p) => p.org.slug).join(', ')}: add --org`);
  const project = found[0]!;
  return { actor: OPERATOR, orgId: project.orgId, role: 'OWNER', projectId: project.id, projectRole: 'ADMIN', projectName: project.name };
}

/** An import started by the operator from the CLI. */
export async function startOperatorBatch(projectRef: string, orgSlug?: string): Promise<ProjectContext & { batchId: string; projectName: string }> {
  const ctx = await operatorProject(projectRef, orgSlug);
  const batch = await dicomRepository.createBatch(db(), { orgId: ctx.orgId, projectId: ctx.projectId, source: 'CLI', createdById: null });
  await recordAudit({ orgId: ctx.orgId, action: 'ingest.started', targetType: 'project', targetId: ctx.projectId, data: { batchId: batch.id, source: 'CLI' } });
  return { ...ctx, batchId: batch.id };
}
