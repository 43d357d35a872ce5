import { z } from 'zod';
import { mintCollabToken } from '../../auth/collab-token';
import { env } from '../../config/env';
import { ZAdjudicationQueueSchema, ZCommentInputSchema, ZCommentItemSchema, ZCommentSchema, ZConsensusViewSchema, ZDecideInputSchema, ZDecisionSchema, ZFinalizeInputSchema, ZInvitationSchema, ZInviteInputSchema } from '../../contracts/agreement';
import { adjudicationQueue } from '../../domain/consensus/adjudication-queue';
import { addComment, caseComments, resolveThread } from '../../domain/consensus/comments';
import { consensusView, requireConsensusAccess } from '../../domain/consensus/consensus-doc';
import { inviteReader, myInvitations, uninviteReader } from '../../domain/consensus/participants';
import { decideCase, decisionHistory, finalizeConsensus } from '../../domain/consensus/decide';
import { orgProcedure, projectProcedure, projectProcedureWith, router } from '../trpc';
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

  /**
   * The adjudication view: the case's images, every read with its reader, and the consensus
   * document's name and mode. Open to any project member at the gate; the case answers only to
   * staff and to readers a lead invited (consensus-doc.ts).
   */
  view: projectProcedure
    .input(z.object({ caseId: z.string().min(1).max(40) }))
    .output(ZConsensusViewSchema)
    .query(({ ctx, input }) => consensusView(pctx(ctx), input.caseId)),

  /** A short-lived token for the case's consensus document: leads and invited readers edit it, managers and admins watch. */
  consensusToken: projectProcedure
    .input(z.object({ caseId: z.string().min(1).max(40) }))
    .output(z.object({ token: z.string(), expiresAt: z.number(), docName: z.string(), mode: z.enum(['rw', 'ro']), url: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const access = await requireConsensusAccess(pctx(ctx), input.caseId);
      const { token, expiresAt } = mintCollabToken({ userId: ctx.actor.id, sessionId: ctx.actor.sessionId, orgId: ctx.orgId, docName: access.docName });
      return { token, expiresAt, docName: access.docName, mode: access.mode, url: env().COLLAB_PUBLIC_URL ?? null };
    }),

  /** A lead finalizes the consensus document as stored: a new decision version, the case DONE. */
  finalize: projectProcedureWith('adjudicate')
    .input(ZFinalizeInputSchema)
    .output(z.object({ version: z.number() }))
    .mutation(({ ctx, input }) => finalizeConsensus(pctx(ctx), input)),

  /** The comment threads of a case under adjudication, oldest first. */
  comments: projectProcedure
    .input(z.object({ caseId: z.string().min(1).max(40) }))
    .output(z.array(ZCommentSchema))
    .query(({ ctx, input }) => caseComments(pctx(ctx), input.caseId)),

  comment: projectProcedure
    .input(ZCommentInputSchema)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => addComment(pctx(ctx), input)),

  resolveThread: projectProcedureWith('adjudicate')
    .input(z.object({ caseId: z.string().min(1).max(40), item: ZCommentItemSchema }))
    .output(z.object({ resolved: z.number() }))
    .mutation(({ ctx, input }) => resolveThread(pctx(ctx), input)),

  /** A lead asks one of the case's readers to join its adjudication live. */
  invite: projectProcedureWith('adjudicate')
    .input(ZInviteInputSchema)
    .output(z.object({ invited: z.boolean() }))
    .mutation(({ ctx, input }) => inviteReader(pctx(ctx), input)),

  uninvite: projectProcedureWith('adjudicate')
    .input(ZInviteInputSchema)
    .output(z.object({ invited: z.boolean() }))
    .mutation(({ ctx, input }) => uninviteReader(pctx(ctx), input)),

  /** The cases the signed-in user is invited to adjudicate, in this organization. */
  invitations: orgProcedure.output(z.array(ZInvitationSchema)).query(({ ctx }) => myInvitations(ctx)),

  /** The decision versions of a case (the adjudication record), newest first. */
  decisions: projectProcedureWith('reports.view')
    .input(z.object({ caseId: z.string().min(1).max(40) }))
    .output(z.array(ZDecisionSchema))
    .query(({ ctx, input }) => decisionHistory(pctx(ctx), input.caseId)),
});
