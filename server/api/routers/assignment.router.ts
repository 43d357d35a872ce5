import { z } from 'zod';
import { ZPageInputSchema } from '../../contracts/org';
import { ZAssignmentDetailSchema, ZCaseFlagInputSchema, ZProjectIdSchema, ZWorklistItemSchema } from '../../contracts/project';
import { mintCollabToken } from '../../auth/collab-token';
import { env } from '../../config/env';
import { ZAnswerSchema } from '../../contracts/annotation-doc/schema';
import { skipAssignment, startAssignment } from '../../domain/assignment/reader-actions';
import { assignmentDocAccess } from '../../domain/reading/access';
import { flagCase } from '../../domain/reading/flags';
import { submitRead } from '../../domain/reading/submit';
import { notFound } from '../../errors/domain-error';
import { getAssignment, nextAssignment, worklist } from '../../domain/assignment/worklist';
import { orgProcedure, router } from '../trpc';

const ZAssignmentIdSchema = z.object({ assignmentId: z.string().min(1).max(40) });

/**
 * The reader's own work, scoped to the actor's assignments; managers, leads and org admins may
 * also open any read of their projects read-only (get, collabToken).
 */
export const assignmentRouter = router({
  worklist: orgProcedure
    .input(ZPageInputSchema.extend({ projectId: ZProjectIdSchema.optional() }))
    .output(z.object({ items: z.array(ZWorklistItemSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => worklist(ctx, input)),

  next: orgProcedure
    .input(z.object({ projectId: ZProjectIdSchema.optional() }))
    .output(ZWorklistItemSchema.nullable())
    .query(({ ctx, input }) => nextAssignment(ctx, input.projectId)),

  /** The case page's assignment: one's own, or (read-only) any read of a project where one sees all reads. */
  get: orgProcedure.input(ZAssignmentIdSchema).output(ZAssignmentDetailSchema).query(({ ctx, input }) => getAssignment(ctx, input.assignmentId)),

  start: orgProcedure.input(ZAssignmentIdSchema).mutation(({ ctx, input }) => startAssignment(ctx, input.assignmentId)),

  skip: orgProcedure
    .input(ZAssignmentIdSchema.extend({ reason: z.string().trim().min(3, 'Say why you skip this case').max(500) }))
    .mutation(({ ctx, input }) => skipAssignment(ctx, input.assignmentId, input.reason)),

  /** The reader reports a problem with the case (wrong series, image quality, burned-in text…) for the PM. */
  flag: orgProcedure
    .input(ZAssignmentIdSchema.extend({ flag: ZCaseFlagInputSchema }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => flagCase(ctx, input.assignmentId, input.flag.kind, input.flag.note)),

  /**
   * Submits the read from its stored annotation document; `answers` lets API clients without a
   * viewer answer first; `activeMs` is the viewer's count of the reader's active time on the case.
   */
  submit: orgProcedure
    .input(ZAssignmentIdSchema.extend({ answers: z.record(z.string().max(40), ZAnswerSchema.nullable()).optional(), activeMs: z.number().int().min(0).max(2 ** 31).optional() }))
    .output(z.object({ readId: z.string(), revision: z.number().int() }))
    .mutation(({ ctx, input }) => submitRead(ctx, input.assignmentId, { answers: input.answers, activeMs: input.activeMs })),

  /**
   * A short-lived token for the assignment's annotation document on the collaboration server:
   * for its reader (editing while open), and read-only for those who see all reads.
   */
  collabToken: orgProcedure
    .input(ZAssignmentIdSchema)
    .output(z.object({ token: z.string(), expiresAt: z.number(), docName: z.string(), mode: z.enum(['rw', 'ro']), url: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const access = await assignmentDocAccess(ctx.actor.id, ctx.orgId, input.assignmentId);
      if (!access) throw notFound('Assignment');
      const { token, expiresAt } = mintCollabToken({ userId: ctx.actor.id, sessionId: ctx.actor.sessionId, orgId: ctx.orgId, docName: access.docName });
      return { token, expiresAt, docName: access.docName, mode: access.mode, url: env().COLLAB_PUBLIC_URL ?? null };
    }),
});
