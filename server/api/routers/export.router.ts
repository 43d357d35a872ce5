import { z } from 'zod';
import { ZExportManifestSchema, ZExportOptionsSchema, ZExportSummarySchema } from '../../contracts/export';
import { createExport, getExport, listExports } from '../../domain/export/snapshots';
import { projectProcedureWith, router } from '../trpc';
import { pctx } from './project.router';

export const exportRouter = router({
  /** Starts a snapshot: the next version of the project's dataset, built by a job. */
  create: projectProcedureWith('export')
    .input(z.object({ options: ZExportOptionsSchema }))
    .output(z.object({ id: z.string(), version: z.number() }))
    .mutation(({ ctx, input }) => createExport(pctx(ctx), input.options)),

  list: projectProcedureWith('export')
    .output(z.array(ZExportSummarySchema))
    .query(({ ctx }) => listExports(pctx(ctx))),

  get: projectProcedureWith('export')
    .input(z.object({ exportId: z.string().min(1).max(40) }))
    .output(ZExportSummarySchema.extend({ manifest: ZExportManifestSchema.nullable() }))
    .query(({ ctx, input }) => getExport(pctx(ctx), input.exportId)),
});
