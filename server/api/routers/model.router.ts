import { ZActiveModelSchema } from '../../contracts/model/config';
import { ZAssistStatsSchema } from '../../contracts/model/stats';
import { activeModel } from '../../domain/models/active';
import { assistStats } from '../../domain/models/assist-stats';
import { projectProcedure, projectProcedureWith, router } from '../trpc';
import { pctx } from './project.router';

export const modelRouter = router({
  /** The model this project's readers get suggestions from (every member may know it). */
  active: projectProcedure.output(ZActiveModelSchema.nullable()).query(({ ctx }) => activeModel(pctx(ctx))),

  /** What readers did with each model version's proposals (PMs, leads' reports). */
  assistStats: projectProcedureWith('reports.view')
    .output(ZAssistStatsSchema)
    .query(({ ctx }) => assistStats(pctx(ctx))),
});
