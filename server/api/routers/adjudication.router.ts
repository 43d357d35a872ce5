import { z } from 'zod';
import { ZAdjudicationQueueSchema } from '../../contracts/agreement';
import { adjudicationQueue } from '../../domain/consensus/adjudication-queue';
import { projectProcedureWith, router } from '../trpc';
import { pctx } from './project.router';

export const adjudicationRouter = router({
  /** Cases waiting for a lead, with what their readers disagree on. */
  queue: projectProcedureWith('reports.view')
    .input(z.object({ item: z.string().max(40).optional() }))
    .output(ZAdjudicationQueueSchema)
    .query(({ ctx, input }) => adjudicationQueue(pctx(ctx), input)),
});
