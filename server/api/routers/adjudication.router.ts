import { z } from 'zod';
import { mintCollabToken } from '../../auth/collab-token';
import { env } from '../../config/env';
import { ZAdjudicationQueueSchema, ZCommentInputSchema, ZCommentItemSchema, ZCommentSchema, ZConsensusViewSchema, ZDecideInputSchema, ZDecisionSchema, ZFinalizeInputSchema } from '../../contracts/agreement';
import { adjudicationQueue } from '../../domain/consensus/adjudication-queue';
import { addComment, caseComments, resolveThread } from '../../domain/consensus/comments';
import { consensusDocAccess, consensusView } from '../../domain/consensus/consensus-doc';
import { decideCase, decisionHistory, finalizeConsensus } from '../../domain/consensus/decide';
import { notFound } from '../../errors/domain-error';
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

  /** The adjudication view: the case's images, every read with its reader, and the consensus document's name and mode. */
  view: projectProcedureWith('reads.view_all')
    .input(z.object({ caseId: z.string().min(1).max(40) }))
    .output(ZConsensusViewSchema)
    .query(({ ctx, input }) => consensusView(pctx(ctx), input.caseId)),

  /** A short-lived token for the case's consensus document: leads edit it, managers and admins watch. */
  consensusToken: projectProcedureWith('reads.view_all')
    .input(z.object({ caseId: z.string().min(1).max(40) }))
    .output(z.object({ token: z.string(), expiresAt: z.number(), docName: z.string(), mode: z.enum(['rw', 'ro']), url: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const access = await consensusDocAccess(ctx.actor.id, ctx.orgId, input.caseId);
      if (!access || access.projectId !== ctx.project.id) throw notFound('Case agreement');
      const { token, expiresAt } = mintCollabToken({ userId: ctx.actor.id, sessionId: ctx.actor.sessionId, orgId: ctx.orgId, docName: access.docName });
      return { token, expiresAt, docName: access.docName, mode: access.mode, url: env().COLLAB_PUBLIC_URL ?? null };
    }),

  /** A lead finalizes the consensus document as stored: a new decision version, the case DONE. */
  finalize: projectProcedureWith('adjudicate')
    .input(ZFinalizeInputSchema)
    .output(z.object({ version: z.number() }))
    .mutation(({ ctx, input }) => finalizeConsensus(pctx(ctx), input)),

  /** The comment threads of a case under adjudication, oldest first. */
  comments: projectProcedureWith('reads.view_all')
    .input(z.object({ caseId: z.string().min(1).max(40) }))
    .output(z.array(ZCommentSchema))
    .query(({ ctx, input }) => caseComments(pctx(ctx), input.caseId)),

  comment: projectProcedureWith('reads.view_all')
    .input(ZCommentInputSchema)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => addComment(pctx(ctx), input)),

  resolveThread: projectProcedureWith('adjudicate')
    .input(z.object({ caseId: z.string().min(1).max(40), item: ZCommentItemSchema }))
    .output(z.object({ resolved: z.number() }))
    .mutation(({ ctx, input }) => resolveThread(pctx(ctx), input)),

  /** The decision versions of a case (the adjudication record), newest first. */
  decisions: projectProcedureWith('reports.view')
    .input(z.object({ caseId: z.string().min(1).max(40) }))
    .output(z.array(ZDecisionSchema))
    .query(({ ctx, input }) => decisionHistory(pctx(ctx), input.caseId)),
});
