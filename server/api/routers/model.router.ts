import { z } from 'zod';
import { ZActiveModelsSchema, ZClassLabelsSchema, ZModelListSchema } from '../../contracts/model/config';
import { ZAssistStatsSchema } from '../../contracts/model/stats';
import { assistStats } from '../../domain/models/assist-stats';
import { activeModels, listModels, selectModel } from '../../domain/models/project-models';
import { projectProcedure, projectProcedureWith, router } from '../trpc';
import { pctx } from './project.router';

export const modelRouter = router({
  /** The models this project's readers use (every member may know them). */
  active: projectProcedure.output(ZActiveModelsSchema).query(({ ctx, input }) => activeModels(pctx(ctx), input.orgSlug)),

  /** The uploaded models and which are in use (uploads: POST /api/orgs/<slug>/projects/<id>/models). */
  list: projectProcedureWith('project.edit')
    .output(ZModelListSchema)
    .query(({ ctx }) => listModels(pctx(ctx))),

  /**
   * Chooses the segmentation model ("click-seg", "off" or an uploaded one), the classifier (or
   * none), or the pre-annotation model ("cxr-lungs", an uploaded one, or none) with the label
   * each of its classes proposes.
   */
  select: projectProcedureWith('project.edit')
    .input(z.object({ task: z.enum(['segmentation', 'classification', 'preannotation']), modelId: z.string().min(1).max(40).nullable(), labels: ZClassLabelsSchema.optional() }))
    .output(z.void())
    .mutation(({ ctx, input }) => selectModel(pctx(ctx), input.task, input.modelId, input.labels)),

  /** What readers did with each model version's proposals (PMs, leads' reports). */
  assistStats: projectProcedureWith('reports.view')
    .output(ZAssistStatsSchema)
    .query(({ ctx }) => assistStats(pctx(ctx))),
});
