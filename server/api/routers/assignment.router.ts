import { z } from 'zod';
import { ZPageInputSchema } from '../../contracts/org';
import { ZAssignmentDetailSchema, ZProjectIdSchema, ZWorklistItemSchema } from '../../contracts/project';
import { skipAssignment, startAssignment, submitAssignment, ZSubmitPayloadSchema } from '../../domain/assignment/reader-actions';
import { getOwnAssignment, nextAssignment, worklist } from '../../domain/assignment/worklist';
import { orgProcedure, router } from '../trpc';

const ZAssignmentIdSchema = z.object({ assignmentId: z.string().min(1).max(40) });

/** The reader's own work: scoped to the actor's assignments, so no permission beyond membership is needed. */
export const assignmentRouter = router({
  worklist: orgProcedure
    .input(ZPageInputSchema.extend({ projectId: ZProjectIdSchema.optional() }))
    .output(z.object({ items: z.array(ZWorklistItemSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => worklist(ctx, input)),

  next: orgProcedure
    .input(z.object({ projectId: ZProjectIdSchema.optional() }))
    .output(ZWorklistItemSchema.nullable())
    .query(({ ctx, input }) => nextAssignment(ctx, input.projectId)),

  get: orgProcedure.input(ZAssignmentIdSchema).output(ZAssignmentDetailSchema).query(({ ctx, input }) => getOwnAssignment(ctx, input.assignmentId)),

  start: orgProcedure.input(ZAssignmentIdSchema).mutation(({ ctx, input }) => startAssignment(ctx, input.assignmentId)),

  skip: orgProcedure
    .input(ZAssignmentIdSchema.extend({ reason: z.string().trim().min(3, 'Say why you skip this case').max(500) }))
    .mutation(({ ctx, input }) => skipAssignment(ctx, input.assignmentId, input.reason)),

  submit: orgProcedure
    .input(ZAssignmentIdSchema.extend({ payload: ZSubmitPayloadSchema }))
    .mutation(({ ctx, input }) => submitAssignment(ctx, input.assignmentId, input.payload)),
});
