import { schemaIds, ZLabelSchemaSchema, type TLabelSchema } from '../../contracts/label-schema';
import { db } from '../../db/client';
import { projectRepository } from '../../db/repositories/project.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from './context';

export interface LabelSchemaVersion {
  version: number;
  schema: TLabelSchema;
  createdAt: Date;
}

async function versions(ctx: ProjectContext): Promise<LabelSchemaVersion[]> {
  const rows = await projectRepository.schemaVersions(db(), ctx.orgId, ctx.projectId);
  return rows.map((r) => ({ version: r.version, createdAt: r.createdAt, schema: ZLabelSchemaSchema.parse(r.schema) }));
}

/** A version of the project's label schema (the current one by default). */
export async function getLabelSchema(ctx: ProjectContext, version?: number): Promise<LabelSchemaVersion & { history: { version: number; createdAt: Date }[] }> {
  const all = await versions(ctx);
  const wanted = version ?? Math.max(...all.map((v) => v.version));
  const found = all.find((v) => v.version === wanted);
  if (!found) throw notFound('Schema version');
  return { ...found, history: all.map(({ version: v, createdAt }) => ({ version: v, createdAt })) };
}

/**
 * Saves an edited schema as a new version (earlier versions, and the reads made with them, stay
 * as they were). Ids are stable: an id used before may come back only for the same kind of
 * thing, so an answer stored under it can never be read as something else.
 */
export async function saveLabelSchema(ctx: ProjectContext, input: TLabelSchema): Promise<{ version: number; changed: boolean }> {
  const schema = ZLabelSchemaSchema.parse(input);
  const history = await versions(ctx);
  const current = history[history.length - 1]!;
  if (JSON.stringify(current.schema) === JSON.stringify(schema)) return { version: current.version, changed: false };

  const before = new Map<string, { what: string; version: number }>();
  for (const v of history) for (const { id, what } of schemaIds(v.schema)) before.set(id, { what, version: v.version });
  const fieldErrors: Record<string, string[]> = {};
  for (const { id, what, path } of schemaIds(schema)) {
    const old = before.get(id);
    if (old && old.what !== what) {
      (fieldErrors[path.join('.')] ??= []).push(`"${id}" was a ${old.what.replace(':', ' ')} in version ${old.version}; existing reads use it that way. Give the new item a new id.`);
    }
  }
  if (Object.keys(fieldErrors).length) {
    throw new DomainError('CONFLICT', 'This change would make existing reads mean something else', fieldErrors);
  }
  const version = current.version + 1;
  await projectRepository.addSchemaVersion(db(), ctx.orgId, ctx.projectId, version, schema, ctx.actor.id);
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'project.schema_saved', targetType: 'project', targetId: ctx.projectId, data: { version } });
  return { version, changed: true };
}
