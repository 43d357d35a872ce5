import { z } from 'zod';
import { ZPageInputSchema } from '../../contracts/org';
import { ZFailedJobSchema, ZIngestBatchSchema, ZStudyRowSchema } from '../../contracts/ingest';
import { startBatch } from '../../domain/ingest/ingest';
import { batchSummary, clearPixelReview, failedIngestJobs, listStudies, recentBatches } from '../../domain/ingest/studies';
import { projectProcedureWith, router } from '../trpc';
import { pctx } from './project.router';

const id = z.string().min(1).max(40);

export const ingestRouter = router({
  /** Opens a browser upload; files then go to POST /api/ingest/<batchId> one by one. */
  startUpload: projectProcedureWith('studies.ingest')
    .output(z.object({ batchId: z.string() }))
    .mutation(async ({ ctx }) => ({ batchId: (await startBatch(pctx(ctx), 'UPLOAD')).id })),

  batch: projectProcedureWith('studies.ingest')
    .input(z.object({ batchId: id }))
    .output(ZIngestBatchSchema)
    .query(({ ctx, input }) => batchSummary(pctx(ctx), input.batchId)),

  batches: projectProcedureWith('studies.ingest')
    .output(z.array(ZIngestBatchSchema))
    .query(({ ctx }) => recentBatches(pctx(ctx), 10)),

  studies: projectProcedureWith('cases.view_all')
    .input(ZPageInputSchema)
    .output(z.object({ items: z.array(ZStudyRowSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listStudies(pctx(ctx), input)),

  clearPixelReview: projectProcedureWith('studies.ingest')
    .input(z.object({ seriesId: id }))
    .mutation(({ ctx, input }) => clearPixelReview(pctx(ctx), input.seriesId)),

  failedJobs: projectProcedureWith('studies.ingest')
    .output(z.array(ZFailedJobSchema))
    .query(({ ctx }) => failedIngestJobs(pctx(ctx))),
});
