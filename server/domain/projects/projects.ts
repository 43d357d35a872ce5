import { effectiveProjectRole } from '../../authz/permissions';
import type { TLabelSchema } from '../../contracts/label-schema';
import { DEFAULT_DEID_OPTIONS, type TCreateProjectInput, type TDeidOptions, type TProject, type TProjectSettings } from '../../contracts/project';
import { env } from '../../config/env';
import { db, transaction } from '../../db/client';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { OrgContext } from '../context';
import type { ProjectContext } from './context';

type ProjectRow = Omit<TProject, 'myRole' | 'deidentification'> & { deidOptions: unknown; members: { role: 'MANAGER' | 'READER' | 'LEAD'; active: boolean }[] };

function toDto(row: ProjectRow, ctx: OrgContext): TProject | null {
  const myRole = effectiveProjectRole(ctx.role, row.members[0] ?? null);
  if (!myRole) return null;
  const { members: _m, ...project } = row;
  return { ...projectView(project), myRole };
}

/** A project row as the API shows it: the stored de-identification options over the defaults. */
export function projectView<T extends { deidOptions: unknown }>(row: T): Omit<T, 'deidOptions'> & { deidentification: TDeidOptions } {
  const { deidOptions, ...project } = row;
  return { ...project, deidentification: { ...DEFAULT_DEID_OPTIONS, ...(deidOptions as Partial<TDeidOptions> | null) } };
}

/** Settings as the Project row stores them (de-identification options in `deidOptions`). */
function columns<T extends { deidentification?: TDeidOptions }>(settings: T) {
  const { deidentification, ...rest } = settings;
  return { ...rest, ...(deidentification && { deidOptions: deidentification }) };
}

function assertReidPossible(deid: TDeidOptions | undefined) {
  if (!deid?.reidentification || env().CONCORD_REID_KEY) return;
  const why = 'Re-identification needs CONCORD_REID_KEY (32 bytes, base64) on the server: the mapping is stored encrypted with it';
  throw new DomainError('PRECONDITION_FAILED', why, { deidentification: [why] });
}

async function assertNameFree(ctx: OrgContext, name: string, exceptId?: string) {
  if (await projectRepository.nameTaken(db(), ctx.orgId, name, exceptId)) {
    throw new DomainError('CONFLICT', 'A project with this name already exists', { name: ['A project with this name already exists'] });
  }
}

export const EMPTY_SCHEMA: TLabelSchema = { questions: [], labels: [] };

/** Creates a project with its first label schema version; the creator becomes its manager. */
export async function createProject(ctx: OrgContext, input: TCreateProjectInput): Promise<{ id: string }> {
  await assertNameFree(ctx, input.name);
  const { labelSchema, ...settings } = input;
  assertReidPossible('deidentification' in settings ? settings.deidentification : undefined);
  const created = await projectRepository.create(db(), ctx.orgId, columns(settings), labelSchema ?? EMPTY_SCHEMA, ctx.actor.id, ctx.actor.id);
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'project.created', targetType: 'project', targetId: created.id, data: { name: input.name } });
  return created;
}

/** A page of the projects the actor can see (all of the org's for owners and admins), active first, by name. */
export async function listProjects(ctx: OrgContext, opts: { includeArchived: boolean; cursor?: string; limit: number; name?: string }) {
  const all = ctx.role === 'OWNER' || ctx.role === 'ADMIN';
  const page = await projectRepository.list(db(), ctx.orgId, { userId: ctx.actor.id, all, ...opts });
  return { items: page.items.map((r) => toDto(r, ctx)).filter((p): p is TProject => p !== null), nextCursor: page.nextCursor };
}

/**
 * Saves a project's settings. Collaboration is switched only before any reader has begun: after
 * that, reads already made alone and documents already shared would each have to change sides.
 */
export async function updateProjectSettings(ctx: ProjectContext, settings: TProjectSettings) {
  await assertNameFree(ctx, settings.name, ctx.projectId);
  assertReidPossible(settings.deidentification);
  await transaction(async (tx) => {
    const project = await assignmentRepository.lockProject(tx, ctx.orgId, ctx.projectId);
    if (!project) throw notFound('Project');
    if (settings.collaborative !== undefined && settings.collaborative !== project.collaborative) {
      const started = await assignmentRepository.countStarted(tx, ctx.orgId, ctx.projectId);
      const why = `Collaboration can be switched only before reading starts; ${started} ${started === 1 ? 'read has' : 'reads have'} begun`;
      if (started) throw new DomainError('PRECONDITION_FAILED', why, { collaborative: [why] });
    }
    await projectRepository.update(tx, ctx.orgId, ctx.projectId, columns(settings));
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'project.settings_changed', targetType: 'project', targetId: ctx.projectId, data: settings });
}

export async function setProjectArchived(ctx: ProjectContext, archived: boolean) {
  await projectRepository.update(db(), ctx.orgId, ctx.projectId, { status: archived ? 'ARCHIVED' : 'ACTIVE' });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: archived ? 'project.archived' : 'project.restored', targetType: 'project', targetId: ctx.projectId });
}
