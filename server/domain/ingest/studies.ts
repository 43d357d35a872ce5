import type { TIngestBatch, TStudyRow } from '../../contracts/ingest';
import { db } from '../../db/client';
import { dicomRepository, studyListRepository } from '../../db/repositories/dicom.repository';
import { DomainError } from '../../errors/domain-error';
import { failedJobs } from '../../jobs/queue';
import { seriesRefreshJob } from '../../jobs/definitions/series-refresh';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';

/** The project's studies with their series, quality reports and pixel-review state (managers and leads). */
export async function listStudies(ctx: ProjectContext, opts: { cursor?: string; limit: number }): Promise<{ items: TStudyRow[]; nextCursor: string | null }> {
  const page = await studyListRepository.page(db(), ctx.orgId, ctx.projectId, opts);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((s) => ({
      id: s.id,
      studyInstanceUid: s.studyInstanceUid,
      patientId: s.patientId,
      studyDate: s.studyDate,
      createdAt: s.createdAt,
      series: s.series.map((x) => ({
        id: x.id,
        seriesInstanceUid: x.seriesInstanceUid,
        modality: x.modality,
        seriesNumber: x.seriesNumber,
        seriesDescription: x.seriesDescription,
        instances: x._count.instances,
        needsPixelReview: x.needsPixelReview,
        pixelReviewed: x.pixelReviewedAt !== null,
        quality: (x.quality as TStudyRow['series'][number]['quality']) ?? null,
      })),
    })),
  };
}

/** A manager confirms a flagged series carries no burned-in identity; readers can see it from now on. */
export async function clearPixelReview(ctx: ProjectContext, seriesId: string) {
  const { count } = await dicomRepository.clearPixelReview(db(), ctx.orgId, ctx.projectId, seriesId, ctx.actor.id);
  if (count === 0) throw new DomainError('NOT_FOUND', 'No series awaiting pixel review with this id');
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'series.pixel_review_cleared', targetType: 'series', targetId: seriesId });
}

export async function recentBatches(ctx: ProjectContext, limit: number): Promise<TIngestBatch[]> {
  const rows = await dicomRepository.recentBatches(db(), ctx.orgId, ctx.projectId, limit);
  return rows.map(({ files, bytes, ...b }) => ({ ...b, bytes: Number(bytes), rejections: files }));
}

export async function batchSummary(ctx: ProjectContext, batchId: string): Promise<TIngestBatch> {
  const b = await dicomRepository.batchSummary(db(), ctx.orgId, batchId);
  if (!b) throw new DomainError('NOT_FOUND', 'Upload not found');
  const { files, bytes, ...rest } = b;
  return { ...rest, bytes: Number(bytes), rejections: files };
}

/** Ingest follow-up jobs of this project that failed after all retries, with the reason. */
export async function failedIngestJobs(ctx: ProjectContext) {
  const jobs = await failedJobs(seriesRefreshJob, { orgId: ctx.orgId, projectId: ctx.projectId });
  return jobs.map((j) => ({ id: j.id, seriesId: (j.data as { seriesId: string }).seriesId, reason: messageOf(j.output) ?? 'unknown error', failedAt: j.completedOn, retries: j.retryCount }));
}

const messageOf = (o: unknown) => (o && typeof o === 'object' && 'message' in o && typeof o.message === 'string' ? o.message : null);
