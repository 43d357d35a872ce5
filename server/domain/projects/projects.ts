import { effectiveProjectRole } from '../../authz/permissions';
import type { TLabelSchema } from '../../contracts/label-schema';
import type { TCreateProjectInput, TProject, TProjectSettings } from '../../contracts/project';
import { db } from '../../db/client';
import { projectRepository } from '../../db/repositories/project.repository';
import { DomainError } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { OrgContext } from '../context';
import type { ProjectContext } from './context';

type ProjectRow = Omit<TProject, 'myRole'> & { members: { role: 'MANAGER' | 'READER' | 'LEAD'; active: boolean }[] };

function toDto(row: ProjectRow, ctx: OrgContext): TProject | null {
  const myRole = effectiveProjectRole(ctx.role, row.members[0] ?? null);
  if (!myRole) return null;
  const { members: _m, ...project } = row;
  return { ...project, myRole };
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
  const created = await projectRepository.create(db(), ctx.orgId, settings, labelSchema ?? EMPTY_SCHEMA, ctx.actor.id, ctx.actor.id);
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'project.created', targetType: 'project', targetId: created.id, data: { name: input.name } });
  return created;
}

/** A page of the projects the actor can see (all of the org's for owners and admins), active first, by name. */
export async function listProjects(ctx: OrgContext, opts: { includeArchived: boolean; cursor?: string; limit: number; name?: string }) {
  const all = ctx.role === 'OWNER' || ctx.role === 'ADMIN';
  const page = await projectRepository.list(db(), ctx.orgId, { userId: ctx.actor.id, all, ...opts });
  return { items: page.items.map((r) => toDto(r, ctx)).filter((p): p is TProject => p !== null), nextCursor: page.nextCursor };
}

export async function updateProjectSettings(ctx: ProjectContext, settings: TProjectSettings) {
  await assertNameFree(ctx, settings.name, ctx.projectId);
  await projectRepository.update(db(), ctx.orgId, ctx.projectId, settings);
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'project.settings_changed', targetType: 'project', targetId: ctx.projectId, data: settings });
}

export async function setProjectArchived(ctx: ProjectContext, archived: boolean) {
  await projectRepository.update(db(), ctx.orgId, ctx.projectId, { status: archived ? 'ARCHIVED' : 'ACTIVE' });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: archived ? 'project.archived' : 'project.restored', targetType: 'project', targetId: ctx.projectId });
}
