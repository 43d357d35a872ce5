import { actorFromHeaders } from '../../auth/request-actor';
import { batchContext, ingestFile } from '../../domain/ingest/ingest';
import { DomainError } from '../../errors/domain-error';
import { logger } from '../../lib/logger';
import { MAX_INSTANCE_BYTES } from '../prepare';
import { clientGone, readBody } from './read-body';
import { problem, textResponse } from './responses';

/**
 * The browser's upload endpoint: one file per request (so a 1 GB study never sits in memory
 * at once, and a failed file is retried alone). Answers with the file's outcome.
 */
export async function uploadToBatch(request: Request, batchId: string): Promise<Response> {
  try {
    const actor = await actorFromHeaders(request.headers);
    if (!actor) return problem(401, 'Sign in to upload');
    const ctx = await batchContext(actor, batchId);
    const body = await readBody(request, MAX_INSTANCE_BYTES);
    if (!body) return problem(413, `Files larger than ${MAX_INSTANCE_BYTES / 2 ** 20} MiB are not accepted`);
    const name = decodeURIComponent(request.headers.get('x-file-name') ?? 'unnamed');
    const result = await ingestFile(ctx, { name, bytes: body });
    return textResponse(JSON.stringify(result), 200, { 'content-type': 'application/json' });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') return problem(404, err.userMessage);
    if (clientGone(err)) throw err;
    logger.error('upload failed', { err, batchId });
    return problem(500, 'The file could not be stored; retry it');
  }
}
