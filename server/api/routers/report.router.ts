import { z } from 'zod';
import { ZCaseAgreementSchema, ZProjectReportSchema } from '../../contracts/agreement';
import { caseAgreementOf, projectReport, projectReportCsv, recomputeWaiting } from '../../domain/consensus/reports';
import { projectProcedureWith, router } from '../trpc';
import { pctx } from './project.router';

export const reportRouter = router({
  /** Agreement across the project's compared cases: per question, label and reader. */
  project: projectProcedureWith('reports.view')
    .output(ZProjectReportSchema)
    .query(({ ctx }) => projectReport(pctx(ctx))),

  /** One case's agreement and candidate consensus. */
  case: projectProcedureWith('reports.view')
    .input(z.object({ caseId: z.string().min(1).max(40) }))
    .output(ZCaseAgreementSchema)
    .query(({ ctx, input }) => caseAgreementOf(pctx(ctx), input.caseId)),

  csv: projectProcedureWith('reports.view')
    .output(z.object({ filename: z.string(), csv: z.string() }))
    .query(({ ctx }) => projectReportCsv(pctx(ctx))),

  /** Queues cases whose reads are in but whose agreement is missing (a failed job, a new engine version). */
  recompute: projectProcedureWith('cases.manage')
    .output(z.object({ queued: z.number() }))
    .mutation(({ ctx }) => recomputeWaiting(pctx(ctx))),
});
