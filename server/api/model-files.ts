import { Readable } from 'node:stream';
import { actorFromHeaders } from '../auth/request-actor';
import { canInProject } from '../authz/permissions';
import { modelFile, uploadModel } from '../domain/models/project-models';
import { projectContextFor } from '../domain/projects/context';
import { DomainError } from '../errors/domain-error';
import { MAX_MODEL_BYTES } from '../model/validate';
import { ERROR_TABLE } from './errors';

const plain = (status: number, message: string) => new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
const json = (status: number, body: unknown) => Response.json(body, { status });

async function context(request: Request, orgSlug: string, projectId: string) {
  const actor = await actorFromHeaders(request.headers);
  if (!actor) return plain(401, 'Sign in first');
  return (await projectContextFor(actor, orgSlug, projectId)) ?? plain(404, 'Project not found');
}

/**
 * POST /api/orgs/<slug>/projects/<id>/models — multipart form with `model` (the .onnx file),
 * `config` (the model config JSON) and, for a classifier, `questionId`. Project managers and
 * org admins only; the model is validated before anything is stored.
 */
export async function modelUploadResponse(request: Request, orgSlug: string, projectId: string): Promise<Response> {
  const ctx = await context(request, orgSlug, projectId);
  if (ctx instanceof Response) return ctx;
  if (!canInProject(ctx.projectRole, 'project.edit')) return plain(403, 'Your role does not allow this');
  if (Number(request.headers.get('content-length') ?? 0) > MAX_MODEL_BYTES + 1024 * 1024) return json(413, { error: `The upload is larger than ${MAX_MODEL_BYTES / 2 ** 20} MB` });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return json(400, { error: 'Send a multipart form with the fields model (the .onnx file) and config (its JSON)' });
  }
  const file = form.get('model');
  const config = form.get('config');
  const question = form.get('questionId');
  if (!(file instanceof Blob) || typeof config !== 'string') return json(400, { error: 'The form needs a model file (field "model") and its config (field "config")' });
  try {
    const created = await uploadModel(ctx, { config, bytes: new Uint8Array(await file.arrayBuffer()), questionId: typeof question === 'string' && question ? question : null });
    return json(201, created);
  } catch (err) {
    if (err instanceof DomainError) return json(ERROR_TABLE[err.code].http, { error: err.userMessage });
    throw err;
  }
}

/** GET /api/orgs/<slug>/projects/<id>/models/<modelId>/file — the .onnx file, for any member of the project. */
export async function modelFileResponse(request: Request, orgSlug: string, projectId: string, modelId: string): Promise<Response> {
  const ctx = await context(request, orgSlug, projectId);
  if (ctx instanceof Response) return ctx;
  try {
    const f = await modelFile(ctx, modelId);
    return new Response(Readable.toWeb(f.stream) as ReadableStream<Uint8Array>, {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(f.size), etag: `"${f.sha256}"`, 'cache-control': 'private, max-age=31536000, immutable' },
    });
  } catch (err) {
    if (err instanceof DomainError) return plain(ERROR_TABLE[err.code].http, err.userMessage);
    throw err;
  }
}
