import { randomBytes } from 'node:crypto';
import { canInProject, effectiveProjectRole } from '../../authz/permissions';
import { db } from '../../db/client';
import { dicomRepository } from '../../db/repositories/dicom.repository';
import { organizationRepository } from '../../db/repositories/organization.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { DEFAULT_DEID_OPTIONS, type DeidOptions } from '../../dicom/deid/profile';
import { keepOriginal } from './reidentification';
import { DicomParseError } from '../../dicom/parse';
import { prepareInstance } from '../../dicom/prepare';
import { blobStore } from '../../dicom/blob-store';
import { DomainError } from '../../errors/domain-error';
import { enqueue } from '../../jobs/queue';
import { seriesRefreshJob } from '../../jobs/definitions/series-refresh';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';
import { ttlMemo } from '../../lib/ttl-memo';
import type { Actor } from '../../auth/sessions';

export interface IngestFileResult {
  name: string;
  outcome: 'ACCEPTED' | 'DUPLICATE' | 'REJECTED';
  reason?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  sopClassUid?: string;
}

/** Opens an ingest batch (one browser drop, STOW request or CLI import) in a project the actor manages. */
export async function startBatch(ctx: ProjectContext, source: 'UPLOAD' | 'STOW' | 'CLI') {
  if (!canInProject(ctx.projectRole, 'studies.ingest')) throw new DomainError('FORBIDDEN', 'Only project managers can add studies');
  const batch = await dicomRepository.createBatch(db(), { orgId: ctx.orgId, projectId: ctx.projectId, source, createdById: ctx.actor.id });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'ingest.started', targetType: 'project', targetId: ctx.projectId, data: { batchId: batch.id, source } });
  return batch;
}

type BatchContext = ProjectContext & { batchId: string };
const batchContexts = ttlMemo<BatchContext>(2000);

/**
 * The project context for adding files to a batch: the batch must be the actor's own and the
 * actor must still manage its project. Anything else is NOT_FOUND. Remembered for two seconds per
 * session and batch (an upload sends hundreds of files a second); a PM removed from the project
 * meanwhile can add files for at most that long. The session itself is checked on every request.
 */
export function batchContext(actor: Actor, batchId: string, now = Date.now()): Promise<BatchContext> {
  return batchContexts(`${actor.sessionId}|${batchId}`, () => resolveBatchContext(actor, batchId), now);
}

async function resolveBatchContext(actor: ProjectContext['actor'], batchId: string): Promise<BatchContext> {
  const batch = await dicomRepository.findBatch(db(), batchId);
  if (!batch || batch.createdById !== actor.id) throw new DomainError('NOT_FOUND', 'Upload not found');
  const membership = await organizationRepository.findMembershipById(actor.id, batch.orgId);
  const project = membership ? await projectRepository.findWithMembership(batch.orgId, batch.projectId, actor.id) : null;
  const role = membership && project ? effectiveProjectRole(membership.role, project.members[0] ?? null) : null;
  if (!membership || !role || !canInProject(role, 'studies.ingest')) throw new DomainError('NOT_FOUND', 'Upload not found');
  return { actor, orgId: batch.orgId, role: membership.role, projectId: batch.projectId, projectRole: role, batchId };
}

/**
 * Takes files through the pipeline, one after the other: parse, validate, de-identify (before
 * anything is persisted), store the blob, index it; then queues each touched series' follow-up
 * job once. A bad file is recorded as rejected with its reason and leaves no other trace.
 */
export async function ingestFiles(ctx: BatchContext, files: { name: string; bytes: Uint8Array }[]): Promise<IngestFileResult[]> {
  const results: IngestFileResult[] = [];
  const series = new Set<string>();
  try {
    for (const file of files) {
      const { result, seriesId } = await storeFile(ctx, file);
      results.push(result);
      if (seriesId) series.add(seriesId);
    }
  } finally {
    // Also after a failure midway: the files stored before it need their series' job.
    // Keyed by series on a "stately" queue: while one refresh waits, more files of the series add no jobs.
    for (const seriesId of series) await enqueue(seriesRefreshJob, { orgId: ctx.orgId, projectId: ctx.projectId, seriesId }, { key: seriesId });
  }
  return results;
}

export async function ingestFile(ctx: BatchContext, file: { name: string; bytes: Uint8Array }): Promise<IngestFileResult> {
  return (await ingestFiles(ctx, [file]))[0]!;
}

async function storeFile(ctx: BatchContext, file: { name: string; bytes: Uint8Array }): Promise<{ result: IngestFileResult; seriesId?: string }> {
  const name = file.name.slice(0, 500) || 'unnamed';
  const { secret, options } = await deidSettings(ctx);
  let prepared;
  try {
    prepared = prepareInstance(file.bytes, options, secret);
  } catch (err) {
    if (!(err instanceof DicomParseError)) throw err;
    await dicomRepository.recordFile(db(), ctx.batchId, { name, size: file.bytes.length, outcome: 'REJECTED', reason: err.message });
    return { result: { name, outcome: 'REJECTED', reason: err.message } };
  }
  if (options.reidentification) await keepOriginal(ctx, prepared);
  await blobStore().put(prepared.sha256, prepared.blob);
  const stored = await dicomRepository.storeInstance(ctx.orgId, ctx.projectId, { ...prepared, blobKey: prepared.sha256, size: prepared.blob.length }, {
    batchId: ctx.batchId,
    name,
    size: file.bytes.length,
  });
  const result: IngestFileResult = {
    name,
    outcome: stored.created ? 'ACCEPTED' : 'DUPLICATE',
    studyInstanceUid: prepared.studyInstanceUid,
    seriesInstanceUid: prepared.seriesInstanceUid,
    sopInstanceUid: prepared.sopInstanceUid,
    sopClassUid: prepared.sopClassUid,
  };
  return { result, seriesId: stored.seriesId };
}

const settingsCache = new Map<string, { secret: Buffer; options: DeidOptions }>();

async function deidSettings(ctx: ProjectContext) {
  const cached = settingsCache.get(ctx.projectId);
  if (cached) return cached;
  const project = await dicomRepository.ingestSettings(db(), ctx.orgId, ctx.projectId);
  if (!project) throw new DomainError('NOT_FOUND', 'Project not found');
  const secret = project.deidSecret ?? (await dicomRepository.ensureSecret(db(), ctx.orgId, ctx.projectId, randomBytes(32).toString('base64')));
  const settings = { secret: Buffer.from(secret, 'base64'), options: { ...DEFAULT_DEID_OPTIONS, ...((project.deidOptions ?? {}) as Partial<DeidOptions>) } };
  // Options can change between batches; the key never does. Cache only briefly.
  settingsCache.set(ctx.projectId, settings);
  setTimeout(() => settingsCache.delete(ctx.projectId), 10_000).unref();
  return settings;
}
