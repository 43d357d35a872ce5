import { db } from '../../db/client';
import { dicomRepository, operatorRepository } from '../../db/repositories/dicom.repository';
import { DomainError } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';

/**
 * An import started by the operator from the CLI (who holds the database, so no session):
 * the project by id or name, within an organization when the name is ambiguous.
 */
export async function startOperatorBatch(projectRef: string, orgSlug?: string): Promise<ProjectContext & { batchId: string; projectName: string }> {
  const found = await operatorRepository.findProjects(db(), projectRef, orgSlug);
  if (found.length === 0) throw new DomainError('NOT_FOUND', `No project "${projectRef}"${orgSlug ? ` in ${orgSlug}` : ''}`);
  if (found.length > 1) throw new DomainError('CONFLICT', `"${projectRef}" names projects in ${found.map((p) => p.org.slug).join(', ')}: add --org`);
  const project = found[0]!;
  const batch = await dicomRepository.createBatch(db(), { orgId: project.orgId, projectId: project.id, source: 'CLI', createdById: null });
  await recordAudit({ orgId: project.orgId, action: 'ingest.started', targetType: 'project', targetId: project.id, data: { batchId: batch.id, source: 'CLI' } });
  return {
    actor: { id: 'operator', email: '', name: 'operator' },
    orgId: project.orgId,
    role: 'OWNER',
    projectId: project.id,
    projectRole: 'ADMIN',
    batchId: batch.id,
    projectName: project.name,
  };
}
