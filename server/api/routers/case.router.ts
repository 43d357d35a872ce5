import { z } from 'zod';
import { ZPageInputSchema } from '../../contracts/org';
import { ZAnswerSchema } from '../../contracts/annotation-doc/schema';
import { ZCaseInputSchema, ZCaseRowSchema, ZCaseStatusSchema, ZDistributeResultSchema, ZGoldAccuracySchema } from '../../contracts/project';
import { distribute } from '../../domain/assignment/distribute';
import { reassign, reopenAssignment } from '../../domain/assignment/manager-actions';
import { createCase, listCases } from '../../domain/cases/cases';
import { goldAccuracy, setGold } from '../../domain/cases/gold';
import { projectProcedureWith, router } from '../trpc';
import { pctx } from './project.router';

export const caseRouter = router({
  list: projectProcedureWith('cases.view_all')
    .input(ZPageInputSchema.extend({ status: ZCaseStatusSchema.optional() }))
    .output(z.object({ items: z.array(ZCaseRowSchema), nextCursor: z.string().nullable(), total: z.number() }))
    .query(({ ctx, input }) => listCases(pctx(ctx), input)),

  create: projectProcedureWith('cases.manage')
    .input(ZCaseInputSchema)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => createCase(pctx(ctx), { label: input.label, priority: input.priority })),

  /** Marks a case gold-standard with its known answers, or (answers: null) makes it ordinary again. */
  setGold: projectProcedureWith('cases.manage')
    .input(z.object({ caseId: z.string().min(1).max(40), answers: z.record(z.string().max(40), ZAnswerSchema).nullable() }))
    .mutation(({ ctx, input }) => setGold(pctx(ctx), input.caseId, input.answers)),

  /** Each reader's accuracy on the gold-standard cases they read. */
  goldAccuracy: projectProcedureWith('reports.view')
    .output(ZGoldAccuracySchema)
    .query(({ ctx }) => goldAccuracy(pctx(ctx))),

  distribute: projectProcedureWith('assignments.distribute')
    .output(ZDistributeResultSchema)
    .mutation(({ ctx }) => distribute(pctx(ctx))),

  reassign: projectProcedureWith('assignments.distribute')
    .input(z.object({ assignmentId: z.string().min(1).max(40), readerId: z.string().min(1).max(40) }))
    .mutation(({ ctx, input }) => reassign(pctx(ctx), input.assignmentId, input.readerId)),

  reopen: projectProcedureWith('cases.manage')
    .input(z.object({ assignmentId: z.string().min(1).max(40), reason: z.string().trim().min(3, 'Say why the read is reopened').max(500) }))
    .mutation(({ ctx, input }) => reopenAssignment(pctx(ctx), input.assignmentId, input.reason)),
});
