import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TLabelSchema } from '../contracts/label-schema';
import type { TModelConfig } from '../contracts/model/config';
import { classify } from '../contracts/model/classify';
import { fingerprint } from '../db/fingerprint';
import { readSlice } from '../imaging/display-slice';
import { loadModel } from '../model/onnx';
import { sessionCookie } from '../testing/dicom';
import { projectWorld, type WorldRole } from '../testing/project-world';
import { modelFileResponse, modelUploadResponse } from './model-files';

const FIXTURES = path.resolve(import.meta.dirname, '../model/__fixtures__');
const CLASSIFIER = { bytes: readFileSync(path.join(FIXTURES, 'classifier/model.onnx')), config: readFileSync(path.join(FIXTURES, 'classifier/model.json'), 'utf8') };
const SEGMENTER = { bytes: readFileSync('public/models/click-seg/model.onnx'), config: readFileSync('public/models/click-seg/model.json', 'utf8') };
const BOXES = { bytes: readFileSync(path.join(FIXTURES, 'lung-boxes/model.onnx')), config: readFileSync(path.join(FIXTURES, 'lung-boxes/model.json'), 'utf8') };
const LUNGS = { bytes: readFileSync('public/models/cxr-lungs/model.onnx'), config: readFileSync('public/models/cxr-lungs/model.json', 'utf8') };

const SCHEMA: TLabelSchema = {
  questions: [
    { id: 'kind', type: 'single', text: 'Kind of image', required: true, help: '', options: [{ id: 'ultrasound', label: 'Ultrasound' }, { id: 'radiograph', label: 'Radiograph' }] },
    { id: 'quality', type: 'single', text: 'Quality', required: false, help: '', options: [{ id: 'good', label: 'Good' }, { id: 'poor', label: 'Poor' }] },
    { id: 'note', type: 'text', text: 'Note', required: false, help: '', maxLength: 100 },
  ],
  labels: [
    { id: 'organ', name: 'Organ', color: '#22c55e', kind: 'segmentation', attributes: [] },
    { id: 'rl', name: 'Right lung', color: '#16a34a', kind: 'segmentation', attributes: [] },
    { id: 'll', name: 'Left lung', color: '#2563eb', kind: 'segmentation', attributes: [] },
    { id: 'mass', name: 'Mass', color: '#f59e0b', kind: 'box', attributes: [] },
  ],
};

async function world() {
  const w = await projectWorld({ readers: 1 });
  await (await w.as(w.users.OWNER)).project.saveLabelSchema({ ...w.scope, schema: SCHEMA });
  // Sessions first, so that signing in is not counted as a change by the checks below.
  const cookies = new Map<WorldRole, string>();
  for (const role of ['MANAGER', 'ADMIN', 'READER', 'LEAD', 'outsider'] as const) cookies.set(role, (await sessionCookie(w.users[role])).cookie);
  const cookie = async (role: WorldRole) => cookies.get(role)!;
  const upload = async (role: WorldRole, m: { bytes: Uint8Array; config: string }, questionId?: string) => {
    const form = new FormData();
    form.set('model', new Blob([Uint8Array.from(m.bytes)]), 'model.onnx');
    form.set('config', m.config);
    if (questionId) form.set('questionId', questionId);
    const res = await modelUploadResponse(new Request('http://test.local/x', { method: 'POST', body: form, headers: { cookie: await cookie(role) } }), w.scope.orgSlug, w.scope.projectId);
    const text = await res.text();
    const body = (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : { error: text }) as { id: string; version: number; task: string; error?: string };
    return { status: res.status, body };
  };
  const download = async (role: WorldRole, modelId: string) => modelFileResponse(new Request('http://test.local/x', { headers: { cookie: await cookie(role) } }), w.scope.orgSlug, w.scope.projectId, modelId);
  return { w, upload, download };
}

describe('[MODEL] bring your own model: upload, validation, versions, selection, download', () => {
  it('a PM adds a classifier and a segmentation model as versions, selects them, and readers get them', { timeout: 120_000 }, async () => {
    const { w, upload, download } = await world();
    const classifier = await upload('MANAGER', CLASSIFIER, 'kind');
    expect(classifier).toMatchObject({ status: 201, body: { version: 1, task: 'classification' } });
    const segConfig = { ...(JSON.parse(SEGMENTER.config) as TModelConfig), name: 'Our lung model', version: '2.1' };
    const segmenter = await upload('ADMIN', { bytes: SEGMENTER.bytes, config: JSON.stringify(segConfig) });
    expect(segmenter).toMatchObject({ status: 201, body: { version: 2, task: 'segmentation' } });

    const pm = await w.as(w.users.MANAGER);
    const list = await pm.model.list(w.scope);
    expect(list).toMatchObject({ segmentation: 'click-seg', classifier: null, shipped: { id: 'click-seg' } });
    expect(list.models.map((m) => [m.version, m.name, m.task, m.questionId, m.bytes])).toEqual([
      [2, 'Our lung model', 'segmentation', null, SEGMENTER.bytes.length],
      [1, 'Modality check', 'classification', 'kind', CLASSIFIER.bytes.length],
    ]);

    const reader = await w.as(w.users.READER);
    expect(await reader.model.active(w.scope)).toMatchObject({ segmentation: { id: 'click-seg', shipped: true }, classifier: null });
    await pm.model.select({ ...w.scope, task: 'classification', modelId: classifier.body.id });
    await pm.model.select({ ...w.scope, task: 'segmentation', modelId: segmenter.body.id });
    const active = await reader.model.active(w.scope);
    expect(active.segmentation).toMatchObject({ id: segmenter.body.id, name: 'Our lung model', version: '2.1 (v2)', shipped: false, url: `/api/orgs/${w.scope.orgSlug}/projects/${w.scope.projectId}/models/${segmenter.body.id}/file` });
    expect(active.classifier).toMatchObject({ id: classifier.body.id, questionId: 'kind', config: { task: 'classification' } });

    // The reader downloads the file they were offered, byte for byte; outsiders learn nothing.
    const file = await download('READER', classifier.body.id);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(CLASSIFIER.bytes)).toBe(true);
    expect((await download('outsider', classifier.body.id)).status).toBe(404);
    expect((await download('READER', 'nonexistent')).status).toBe(404);

    // The classifier answers its question on real images.
    const loaded = await loadModel(CLASSIFIER.bytes);
    const config = active.classifier!.config as Extract<TModelConfig, { task: 'classification' }>;
    const infer = loaded.infer('image', 'probabilities', [1, 64, 64]);
    expect((await classify(config, infer, readSlice(path.join(FIXTURES, 'eval/images/000_HC.png')))).answer).toBe('ultrasound');
    expect((await classify(config, infer, readSlice(path.join(FIXTURES, 'eval/images/MCUCXR_0005_0.png')))).answer).toBe('radiograph');
    await loaded.release();

    // Switching off, and refusing a model of the other task.
    await pm.model.select({ ...w.scope, task: 'segmentation', modelId: 'off' });
    expect((await reader.model.active(w.scope)).segmentation).toBeNull();
    await expect(pm.model.select({ ...w.scope, task: 'segmentation', modelId: classifier.body.id })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Model Modality check v1 is not a segmentation model' });
    await expect(pm.model.select({ ...w.scope, task: 'classification', modelId: 'nonexistent' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses broken, mismatched and unauthorised uploads with a reason and stores nothing', { timeout: 120_000 }, async () => {
    const { w, upload } = await world();
    const before = await fingerprint();
    const config = JSON.parse(SEGMENTER.config) as TModelConfig;
    const bad: [WorldRole, { bytes: Uint8Array; config: string }, string | undefined, number, RegExp][] = [
      ['MANAGER', { bytes: SEGMENTER.bytes, config: '{' }, undefined, 400, /the model config is not JSON/],
      ['MANAGER', { bytes: SEGMENTER.bytes, config: JSON.stringify({ ...config, input: { ...config.input, width: 128, height: 128 } }) }, undefined, 400, /does not match its config: input "input" has shape \[batch, 3, 96, 96\]; the config implies \[N, 3, 128, 128\]/],
      ['MANAGER', { bytes: SEGMENTER.bytes, config: JSON.stringify({ ...config, output: { name: 'mask', kind: 'mask' } }) }, undefined, 400, /the model has no output "mask" \(it has "probability"\)/],
      ['MANAGER', { bytes: new TextEncoder().encode('not a model at all'), config: SEGMENTER.config }, undefined, 400, /not a model onnxruntime can load/],
      ['MANAGER', { bytes: new Uint8Array(0), config: SEGMENTER.config }, undefined, 400, /the model file is empty/],
      ['MANAGER', CLASSIFIER, undefined, 400, /a classifier needs the id of the question it answers/],
      ['MANAGER', CLASSIFIER, 'quality', 400, /classes "ultrasound", "radiograph" are not options of "Quality"/],
      ['MANAGER', CLASSIFIER, 'note', 400, /question "Note" is not single-choice/],
      ['MANAGER', SEGMENTER, 'kind', 400, /only classifiers answer a question/],
      ['READER', SEGMENTER, undefined, 403, /./],
      ['LEAD', SEGMENTER, undefined, 403, /./],
      ['outsider', SEGMENTER, undefined, 404, /./],
    ];
    for (const [role, m, q, status, message] of bad) {
      const r = await upload(role, m, q);
      expect(r.status, `${role} ${String(message)}`).toBe(status);
      if (status === 400) expect(r.body.error).toMatch(message);
    }
    expect(await fingerprint()).toEqual(before);
    await expect((await w.as(w.users.READER)).model.list(w.scope)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await w.as(w.users.READER)).model.select({ ...w.scope, task: 'segmentation', modelId: 'off' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await w.as(w.users.outsider)).model.list(w.scope)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a PM turns on pre-annotation with the shipped lung model or an uploaded automatic model, each class mapped to a label; bad maps are refused', { timeout: 120_000 }, async () => {
    const { w, upload } = await world();
    const pm = await w.as(w.users.MANAGER);
    const reader = await w.as(w.users.READER);
    const [lead, outsider] = [await w.as(w.users.LEAD), await w.as(w.users.outsider)];
    const list = await pm.model.list(w.scope);
    expect(list.preannotation).toBeNull();
    expect(list.shippedPreannotation).toMatchObject({ id: 'cxr-lungs', classes: ['right lung', 'left lung'] });
    expect((await reader.model.active(w.scope)).preannotation).toBeNull();

    await pm.model.select({ ...w.scope, task: 'preannotation', modelId: 'cxr-lungs', labels: { 'right lung': 'rl', 'left lung': 'll' } });
    expect((await reader.model.active(w.scope)).preannotation).toMatchObject({ id: 'cxr-lungs', shipped: true, url: '/models/cxr-lungs/model.onnx', labels: { 'right lung': 'rl', 'left lung': 'll' }, config: { task: 'automatic-segmentation' } });
    expect((await pm.model.list(w.scope)).preannotation).toEqual({ modelId: 'cxr-lungs', labels: { 'right lung': 'rl', 'left lung': 'll' } });

    // Refusals change nothing.
    const before = await fingerprint();
    const refused: [Record<string, string>, string, RegExp][] = [
      [{ lungs: 'rl' }, 'cxr-lungs', /The model has no class "lungs" \(its classes: right lung, left lung\)/],
      [{ 'right lung': 'mass' }, 'cxr-lungs', /Class "right lung" must map to a segmentation label of the schema/],
      [{ 'right lung': 'gone' }, 'cxr-lungs', /Class "right lung" must map to a segmentation label of the schema/],
      [{ 'right lung': 'rl', 'left lung': 'rl' }, 'cxr-lungs', /Two classes cannot propose the same label/],
      [{}, 'cxr-lungs', /Map at least one of the model's classes/],
      [{ 'right lung': 'rl' }, 'click-seg', /does not pre-annotate \(it is a segmentation model\)/],
    ];
    for (const [labels, modelId, message] of refused) await expect(pm.model.select({ ...w.scope, task: 'preannotation', modelId, labels }), String(message)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
    await expect(pm.model.select({ ...w.scope, task: 'preannotation', modelId: 'nonexistent', labels: { a: 'rl' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const api of [reader, lead]) await expect(api.model.select({ ...w.scope, task: 'preannotation', modelId: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(outsider.model.select({ ...w.scope, task: 'preannotation', modelId: null })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const mismatched = { ...(JSON.parse(LUNGS.config) as Record<string, unknown>), output: { name: 'lungs', kind: 'masks', classes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } };
    const bad = await upload('MANAGER', { bytes: LUNGS.bytes, config: JSON.stringify(mismatched) });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/output "lungs" has shape \[N, 2, 256, 256\]; the config implies \[N, 3, 256, 256\]/);
    expect(await fingerprint()).toEqual(before);

    // A team's own automatic model: uploaded, mapped in part, served from the project's model route.
    const own = await upload('MANAGER', { bytes: LUNGS.bytes, config: JSON.stringify({ ...(JSON.parse(LUNGS.config) as object), name: 'Our lungs', version: '3' }) });
    expect(own).toMatchObject({ status: 201, body: { task: 'preannotation' } });
    expect((await pm.model.list(w.scope)).models.find((m) => m.id === own.body.id)).toMatchObject({ task: 'preannotation', classes: ['right lung', 'left lung'] });
    await expect(pm.model.select({ ...w.scope, task: 'segmentation', modelId: own.body.id })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Model Our lungs v1 is not a segmentation model' });
    await pm.model.select({ ...w.scope, task: 'preannotation', modelId: own.body.id, labels: { 'left lung': 'll' } });
    expect((await reader.model.active(w.scope)).preannotation).toMatchObject({ name: 'Our lungs', version: '3 (v1)', shipped: false, url: `/api/orgs/${w.scope.orgSlug}/projects/${w.scope.projectId}/models/${own.body.id}/file`, labels: { 'left lung': 'll' } });

    // A detection model (boxes with scores) proposes box labels only.
    const boxes = await upload('MANAGER', BOXES);
    expect(boxes).toMatchObject({ status: 201, body: { task: 'preannotation' } });
    await expect(pm.model.select({ ...w.scope, task: 'preannotation', modelId: boxes.body.id, labels: { 'right lung': 'rl' } })).rejects.toMatchObject({ message: 'Class "right lung" must map to a box label of the schema' });
    await pm.model.select({ ...w.scope, task: 'preannotation', modelId: boxes.body.id, labels: { 'right lung': 'mass' } });
    expect((await reader.model.active(w.scope)).preannotation).toMatchObject({ name: 'Lung field boxes (test)', config: { task: 'detection', output: { kind: 'boxes' } }, labels: { 'right lung': 'mass' } });
    const truncated = { ...(JSON.parse(BOXES.config) as Record<string, unknown>), output: { name: 'lungs', kind: 'boxes', classes: [{ name: 'a' }] } };
    expect((await upload('MANAGER', { bytes: BOXES.bytes, config: JSON.stringify(truncated) })).body.error).toMatch(/the model has no output "lungs" \(it has "boxes"\)/);

    await pm.model.select({ ...w.scope, task: 'preannotation', modelId: null });
    expect((await reader.model.active(w.scope)).preannotation).toBeNull();
    expect((await pm.model.list(w.scope)).preannotation).toBeNull();
  });
});
