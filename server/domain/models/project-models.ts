import crypto from 'node:crypto';
import type { TActiveModel, TModelConfig } from '../../contracts/model/config';
import { db, transaction } from '../../db/client';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { modelRepository } from '../../db/repositories/model.repository';
import { blobStore } from '../../dicom/blob-store';
import { DomainError, notFound } from '../../errors/domain-error';
import { ModelLoadError, parseModelConfig } from '../../model/files';
import { validateUpload } from '../../model/validate';
import { recordAudit } from '../audit/record';
import { getLabelSchema } from '../projects/label-schema';
import type { ProjectContext } from '../projects/context';
import { SHIPPED_MODEL_ID, shippedModel } from './active';

export type ModelTask = 'segmentation' | 'classification';

const taskOf = (c: TModelConfig): ModelTask => (c.task === 'classification' ? 'classification' : 'segmentation');

/** Where browsers download an uploaded model's file (authenticated, project members only). */
export const modelFileUrl = (orgSlug: string, projectId: string, modelId: string) => `/api/orgs/${orgSlug}/projects/${projectId}/models/${modelId}/file`;

/**
 * Adds a bring-your-own model to the project as its next version, after validating the file
 * against its config (nothing is stored when validation fails). A new model is not used until
 * the project manager selects it.
 */
export async function uploadModel(ctx: ProjectContext, upload: { config: string; bytes: Uint8Array; questionId: string | null }) {
  const { schema } = await getLabelSchema(ctx);
  let config: TModelConfig;
  try {
    config = await validateUpload(upload.config, upload.bytes, schema, upload.questionId);
  } catch (err) {
    if (err instanceof ModelLoadError) throw new DomainError('BAD_REQUEST', `The model was not added: ${err.message}`);
    throw err;
  }
  const blobKey = crypto.createHash('sha256').update(upload.bytes).digest('hex');
  await blobStore().put(blobKey, upload.bytes);
  const created = await transaction(async (tx) => {
    await assignmentRepository.lockProject(tx, ctx.orgId, ctx.projectId);
    return modelRepository.create(tx, { orgId: ctx.orgId, projectId: ctx.projectId, name: config.name, config, blobKey, bytes: upload.bytes.length, questionId: upload.questionId, createdById: ctx.actor.id });
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'model.uploaded', targetType: 'project', targetId: ctx.projectId, data: { modelId: created.id, version: created.version, name: config.name, configVersion: config.version, sha256: blobKey } });
  return { ...created, task: taskOf(config) };
}

/** The project's uploaded models, newest first, with which ones are in use. */
export async function listModels(ctx: ProjectContext) {
  const [rows, choice] = await Promise.all([modelRepository.list(db(), ctx.orgId, ctx.projectId), modelRepository.choice(db(), ctx.orgId, ctx.projectId)]);
  return {
    segmentation: choice?.segmentationModel ?? SHIPPED_MODEL_ID,
    classifier: choice?.classifierModelId ?? null,
    shipped: { id: SHIPPED_MODEL_ID, name: shippedModel().name, version: shippedModel().version },
    models: rows.map((r) => {
      const config = parseModelConfig(r.config);
      return { id: r.id, version: r.version, name: r.name, configVersion: config.version, task: taskOf(config), questionId: r.questionId, bytes: r.bytes, sha256: r.blobKey, createdAt: r.createdAt };
    }),
  };
}

/** Chooses the model readers get for a task: for segmentation "click-seg" (shipped), "off" or an uploaded model; for classification an uploaded classifier or none. */
export async function selectModel(ctx: ProjectContext, task: ModelTask, modelId: string | null) {
  await transaction(async (tx) => {
    if (task === 'segmentation' && (modelId === SHIPPED_MODEL_ID || modelId === 'off')) return modelRepository.choose(tx, ctx.orgId, ctx.projectId, { segmentationModel: modelId });
    if (task === 'classification' && modelId === null) return modelRepository.choose(tx, ctx.orgId, ctx.projectId, { classifierModelId: null });
    const row = modelId ? await modelRepository.find(tx, ctx.orgId, ctx.projectId, modelId) : null;
    if (!row) throw notFound('Model');
    if (taskOf(parseModelConfig(row.config)) !== task) throw new DomainError('BAD_REQUEST', `Model ${row.name} v${row.version} is not a ${task} model`);
    return modelRepository.choose(tx, ctx.orgId, ctx.projectId, task === 'segmentation' ? { segmentationModel: row.id } : { classifierModelId: row.id });
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'model.selected', targetType: 'project', targetId: ctx.projectId, data: { task, modelId } });
}

/** The models this project's readers use, as the browser needs them. */
export async function activeModels(ctx: ProjectContext, orgSlug: string): Promise<{ segmentation: TActiveModel | null; classifier: (TActiveModel & { questionId: string }) | null }> {
  const choice = await modelRepository.choice(db(), ctx.orgId, ctx.projectId);
  const uploaded = async (id: string | null | undefined) => {
    const row = id ? await modelRepository.find(db(), ctx.orgId, ctx.projectId, id) : null;
    if (!row) return null;
    const config = parseModelConfig(row.config);
    return { id: row.id, name: config.name, version: `${config.version} (v${row.version})`, url: modelFileUrl(orgSlug, ctx.projectId, row.id), shipped: false, config, questionId: row.questionId };
  };
  const seg = choice?.segmentationModel ?? SHIPPED_MODEL_ID;
  const classifier = await uploaded(choice?.classifierModelId);
  return {
    segmentation: seg === SHIPPED_MODEL_ID ? shippedModel() : seg === 'off' ? null : await uploaded(seg),
    classifier: classifier?.questionId ? { ...classifier, questionId: classifier.questionId } : null,
  };
}

/** An uploaded model's file for a project member's browser. */
export async function modelFile(ctx: ProjectContext, modelId: string) {
  const row = await modelRepository.find(db(), ctx.orgId, ctx.projectId, modelId);
  if (!row) throw notFound('Model');
  return { stream: blobStore().stream(row.blobKey), size: row.bytes, sha256: row.blobKey };
}
