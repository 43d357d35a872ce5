import { z } from 'zod';
import { ZAdjudicationQueueSchema, ZDecideInputSchema, ZDecisionSchema } from '../../contracts/agreement';
import { adjudicationQueue } from '../../domain/consensus/adjudication-queue';
import { decideCase, decisionHistory } from '../../domain/consensus/decide';
import { projectProcedureWith, router } from '../trpc';
import { pctx } from './project.router';

export const adjudicationRouter = router({
  /** Cases waiting for a lead, with what their readers disagree on. */
  queue: projectProcedureWith('reports.view')
    .input(z.object({ item: z.string().max(40).optional() }))
    .output(ZAdjudicationQueueSchema)
    .query(({ ctx, input }) => adjudicationQueue(pctx(ctx), input)),

  /** A lead finalizes a case: the candidate consensus, or a reader's version per question/label. */
  decide: projectProcedureWith('adjudicate')
    .input(ZDecideInputSchema)
    .output(z.object({ version: z.number() }))
    .mutation(({ ctx, input }) => decideCase(pctx(ctx), input)),

  /** The decision versions of a case (the adjudication record), newest first. */
  decisions: projectProcedureWith('reports.view')
    .input(z.object({ caseId: z.string().min(1).max(40) }))
    .output(z.array(ZDecisionSchema))
    .query(({ ctx, input }) => decisionHistory(pctx(ctx), input.caseId)),
});
