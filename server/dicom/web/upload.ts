import { actorFromHeaders } from '../../auth/request-actor';
import { partFileName } from '../../contracts/upload-group';
import { batchContext, ingestFiles } from '../../domain/ingest/ingest';
import { DomainError } from '../../errors/domain-error';
import { logger } from '../../lib/logger';
import { MAX_INSTANCE_BYTES } from '../prepare';
import { parseMultipart } from './multipart';
import { clientGone, readBody } from './read-body';
import { problem, textResponse } from './responses';

/**
 * The browser's upload endpoint. A body of one file (named by `x-file-name`) is answered with the
 * file's outcome; a multipart/related body of several small files (server/contracts/upload-group.ts)
 * with `{ files: [...] }`, their outcomes in order. A failed request is retried alone.
 */
export async function uploadToBatch(request: Request, batchId: string): Promise<Response> {
  try {
    const actor = await actorFromHeaders(request.headers);
    if (!actor) return problem(401, 'Sign in to upload');
    const ctx = await batchContext(actor, batchId);
    const body = await readBody(request, MAX_INSTANCE_BYTES);
    if (!body) return problem(413, `Files larger than ${MAX_INSTANCE_BYTES / 2 ** 20} MiB are not accepted`);
    const type = request.headers.get('content-type') ?? '';
    if (/^multipart\//i.test(type)) {
      let files;
      try {
        files = parseMultipart(body, type).map((p, k) => ({ name: partFileName(p.headers['content-disposition']) ?? `part ${k + 1}`, bytes: p.bytes }));
      } catch (err) {
        return problem(400, (err as Error).message);
      }
      if (files.length === 0) return problem(400, 'The request holds no files');
      return answer({ files: await ingestFiles(ctx, files) });
    }
    return answer((await ingestFiles(ctx, [{ name: headerName(request.headers.get('x-file-name')), bytes: body }]))[0]);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') return problem(404, err.userMessage);
    if (clientGone(err)) throw err;
    logger.error('upload failed', { err, batchId });
    return problem(500, 'The files could not be stored; retry them');
  }
}

/** The `x-file-name` header, percent-decoded where it decodes. */
function headerName(value: string | null): string {
  if (!value) return 'unnamed';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const answer = (result: unknown) => textResponse(JSON.stringify(result), 200, { 'content-type': 'application/json' });
