import crypto from 'node:crypto';
import { isPreannotationConfig, type TActiveModel, type TClassLabels, type TModelConfig } from '../../contracts/model/config';
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
import { SHIPPED_MODEL_ID, SHIPPED_PREANNOTATION_ID, shippedModel } from './active';

export type ModelTask = 'segmentation' | 'classification' | 'preannotation';

const TASKS = { 'interactive-segmentation': 'segmentation', classification: 'classification', 'automatic-segmentation': 'preannotation', detection: 'preannotation' } as const;
const taskOf = (c: TModelConfig): ModelTask => TASKS[c.task];
const classesOf = (c: TModelConfig) => (isPreannotationConfig(c) ? c.output.classes.map((k) => k.name) : []);
const proposesOf = (c: TModelConfig): 'masks' | 'boxes' | null => (c.task === 'automatic-segmentation' ? 'masks' : c.task === 'detection' ? 'boxes' : null);
const labelsOf = (json: unknown): TClassLabels => (json && typeof json === 'object' ? (json as TClassLabels) : {});

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
    preannotation: choice?.preannotateModel ? { modelId: choice.preannotateModel, labels: labelsOf(choice.preannotateLabels) } : null,
    shipped: { id: SHIPPED_MODEL_ID, name: shippedModel().name, version: shippedModel().version },
    shippedPreannotation: (({ id, name, version, config }) => ({ id, name, version, classes: classesOf(config), proposes: proposesOf(config) }))(shippedModel(SHIPPED_PREANNOTATION_ID)),
    models: rows.map((r) => {
      const config = parseModelConfig(r.config);
      return { id: r.id, version: r.version, name: r.name, configVersion: config.version, task: taskOf(config), questionId: r.questionId, classes: classesOf(config), proposes: proposesOf(config), bytes: r.bytes, sha256: r.blobKey, createdAt: r.createdAt };
    }),
  };
}

/**
 * Chooses the model readers get for a task: for segmentation "click-seg" (shipped), "off" or an
 * uploaded model; for classification an uploaded classifier or none; for pre-annotation
 * "cxr-lungs" (shipped), an uploaded automatic segmentation model or none, with the
 * segmentation label each of its classes proposes (`labels`: class name → label id; classes
 * left out are not proposed).
 */
export async function selectModel(ctx: ProjectContext, task: ModelTask, modelId: string | null, labels: TClassLabels = {}) {
  const schema = task === 'preannotation' && modelId ? (await getLabelSchema(ctx)).schema : null;
  await transaction(async (tx) => {
    if (task === 'preannotation') {
      if (modelId === null) return modelRepository.choose(tx, ctx.orgId, ctx.projectId, { preannotateModel: null, preannotateLabels: null });
      const shipped = modelId === SHIPPED_PREANNOTATION_ID || modelId === SHIPPED_MODEL_ID;
      const row = shipped ? null : await modelRepository.find(tx, ctx.orgId, ctx.projectId, modelId);
      const config = shipped ? shippedModel(modelId).config : row ? parseModelConfig(row.config) : null;
      if (!config) throw notFound('Model');
      if (!isPreannotationConfig(config)) throw new DomainError('BAD_REQUEST', `Model ${config.name} does not pre-annotate (it is a ${taskOf(config)} model)`);
      checkClassLabels(config.output.classes.map((c) => c.name), labels, schema!.labels, config.task === 'detection' ? 'box' : 'segmentation');
      return modelRepository.choose(tx, ctx.orgId, ctx.projectId, { preannotateModel: modelId, preannotateLabels: labels });
    }
    if (task === 'segmentation' && (modelId === SHIPPED_MODEL_ID || modelId === 'off')) return modelRepository.choose(tx, ctx.orgId, ctx.projectId, { segmentationModel: modelId });
    if (task === 'classification' && modelId === null) return modelRepository.choose(tx, ctx.orgId, ctx.projectId, { classifierModelId: null });
    const row = modelId ? await modelRepository.find(tx, ctx.orgId, ctx.projectId, modelId) : null;
    if (!row) throw notFound('Model');
    if (taskOf(parseModelConfig(row.config)) !== task) throw new DomainError('BAD_REQUEST', `Model ${row.name} v${row.version} is not a ${task} model`);
    return modelRepository.choose(tx, ctx.orgId, ctx.projectId, task === 'segmentation' ? { segmentationModel: row.id } : { classifierModelId: row.id });
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'model.selected', targetType: 'project', targetId: ctx.projectId, data: { task, modelId, ...(task === 'preannotation' && modelId && { labels }) } });
}

/** Every mapped class is a class of the model, every label a label of the schema of the kind the model proposes (masks: segmentation, boxes: box), no label twice, at least one class mapped. */
function checkClassLabels(classes: string[], labels: TClassLabels, schemaLabels: { id: string; name: string; kind: string }[], kind: 'segmentation' | 'box') {
  const entries = Object.entries(labels);
  if (!entries.length) throw new DomainError('BAD_REQUEST', `Map at least one of the model's classes to a ${kind} label`);
  for (const [cls, labelId] of entries) {
    if (!classes.includes(cls)) throw new DomainError('BAD_REQUEST', `The model has no class "${cls}" (its classes: ${classes.join(', ')})`);
    const label = schemaLabels.find((l) => l.id === labelId);
    if (!label || label.kind !== kind) throw new DomainError('BAD_REQUEST', `Class "${cls}" must map to a ${kind} label of the schema`);
  }
  if (new Set(entries.map(([, l]) => l)).size !== entries.length) throw new DomainError('BAD_REQUEST', 'Two classes cannot propose the same label');
}

type Active = { segmentation: TActiveModel | null; preannotation: (TActiveModel & { labels: TClassLabels }) | null; classifier: (TActiveModel & { questionId: string }) | null };

/** The models this project's readers use, as the browser needs them. */
export async function activeModels(ctx: ProjectContext, orgSlug: string): Promise<Active> {
  const choice = await modelRepository.choice(db(), ctx.orgId, ctx.projectId);
  const uploaded = async (id: string | null | undefined) => {
    const row = id ? await modelRepository.find(db(), ctx.orgId, ctx.projectId, id) : null;
    if (!row) return null;
    const config = parseModelConfig(row.config);
    return { id: row.id, name: config.name, version: `${config.version} (v${row.version})`, url: modelFileUrl(orgSlug, ctx.projectId, row.id), shipped: false, config, questionId: row.questionId };
  };
  const seg = choice?.segmentationModel ?? SHIPPED_MODEL_ID;
  const classifier = await uploaded(choice?.classifierModelId);
  const pre = choice?.preannotateModel;
  const preModel = pre === SHIPPED_PREANNOTATION_ID ? shippedModel(pre) : await uploaded(pre);
  return {
    segmentation: seg === SHIPPED_MODEL_ID ? shippedModel() : seg === 'off' ? null : await uploaded(seg),
    preannotation: preModel && isPreannotationConfig(preModel.config) ? { ...preModel, labels: labelsOf(choice?.preannotateLabels) } : null,
    classifier: classifier?.questionId ? { ...classifier, questionId: classifier.questionId } : null,
  };
}

/** An uploaded model's file for a project member's browser. */
export async function modelFile(ctx: ProjectContext, modelId: string) {
  const row = await modelRepository.find(db(), ctx.orgId, ctx.projectId, modelId);
  if (!row) throw notFound('Model');
  return { stream: blobStore().stream(row.blobKey), size: row.bytes, sha256: row.blobKey };
}
