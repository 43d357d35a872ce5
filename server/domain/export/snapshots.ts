import type { Readable } from 'node:stream';
import { ZExportManifestSchema, ZExportOptionsSchema, type TExportOptions, type TExportSummary } from '../../contracts/export';
import { db, transaction } from '../../db/client';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { exportRepository } from '../../db/repositories/export.repository';
import { userRepository } from '../../db/repositories/user.repository';
import { blobStore } from '../../dicom/blob-store';
import { DomainError, notFound } from '../../errors/domain-error';
import { exportSnapshotJob } from '../../jobs/definitions/export-snapshot';
import { enqueue } from '../../jobs/queue';
import { recordAudit } from '../audit/record';
import { OPERATOR } from '../ingest/operator';
import type { ProjectContext } from '../projects/context';

/** A project manager asks for a snapshot: it gets the project's next version and a job builds it. */
export async function createExport(ctx: ProjectContext, input: TExportOptions): Promise<{ id: string; version: number }> {
  const options = ZExportOptionsSchema.parse(input);
  if (options.caseIds) {
    const found = await exportRepository.cases(db(), ctx.orgId, ctx.projectId, options.caseIds);
    const missing = new Set(options.caseIds).size - found.length;
    if (missing) throw new DomainError('BAD_REQUEST', `${missing} of the chosen cases ${missing === 1 ? 'is' : 'are'} not in this project`);
  }
  const created = await transaction(async (tx) => {
    await assignmentRepository.lockProject(tx, ctx.orgId, ctx.projectId);
    return exportRepository.create(tx, { orgId: ctx.orgId, projectId: ctx.projectId, createdById: ctx.actor.id, options });
  });
  try {
    await enqueue(exportSnapshotJob, { orgId: ctx.orgId, projectId: ctx.projectId, exportId: created.id });
  } catch (err) {
    // Without its job the snapshot would wait forever: say why instead.
    await exportRepository.fail(db(), ctx.orgId, created.id, `The job queue refused the snapshot: ${err instanceof Error ? err.message : String(err)}`, new Date());
    throw err;
  }
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'export.created', targetType: 'project', targetId: ctx.projectId, data: { exportId: created.id, version: created.version, options } });
  return created;
}

type Row = Awaited<ReturnType<typeof exportRepository.list>>[number];

/** Display names of the users who acted, in order (the CLI operator by its own name). */
export async function actorNames(ids: string[]) {
  const names = await userRepository.names(db(), ids);
  return ids.map((id) => names.get(id) ?? (id === OPERATOR.id ? OPERATOR.name : 'Former member'));
}

async function summaries(rows: Row[]): Promise<TExportSummary[]> {
  const names = await actorNames(rows.map((r) => r.createdById));
  return rows.map((r, i) => ({
    id: r.id,
    version: r.version,
    status: r.status,
    options: ZExportOptionsSchema.parse(r.options),
    casesDone: r.casesDone,
    casesTotal: r.casesTotal,
    size: r.size === null ? null : Number(r.size),
    sha256: r.blobKey,
    error: r.error,
    createdBy: names[i]!,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
  }));
}

/** The project's snapshots, newest first. */
export async function listExports(ctx: ProjectContext, limit = 50) {
  return summaries(await exportRepository.list(db(), ctx.orgId, ctx.projectId, limit));
}

/** One snapshot with its manifest. */
export async function getExport(ctx: ProjectContext, exportId: string) {
  const row = await exportRepository.find(db(), ctx.orgId, exportId);
  if (!row || row.projectId !== ctx.projectId) throw notFound('Export');
  const [summary] = await summaries([row]);
  return { ...summary!, manifest: row.manifest === null ? null : ZExportManifestSchema.parse(row.manifest) };
}

/** The zip of a built snapshot as a stream (the download is audited). */
export async function openExport(ctx: ProjectContext, exportId: string): Promise<{ filename: string; size: number; sha256: string; stream: Readable }> {
  const row = await exportRepository.find(db(), ctx.orgId, exportId);
  if (!row || row.projectId !== ctx.projectId) throw notFound('Export');
  if (row.status !== 'READY' || !row.blobKey) throw new DomainError('PRECONDITION_FAILED', row.status === 'FAILED' ? `This snapshot failed: ${row.error ?? 'unknown error'}` : 'This snapshot is still being built');
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'export.downloaded', targetType: 'project', targetId: ctx.projectId, data: { exportId, version: row.version } });
  return { filename: `concord-${ctx.projectId}-v${row.version}.zip`, size: Number(row.size), sha256: row.blobKey, stream: blobStore().stream(row.blobKey) };
}
