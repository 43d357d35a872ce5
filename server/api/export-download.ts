import { Readable } from 'node:stream';
import { actorFromHeaders } from '../auth/request-actor';
import { canInProject } from '../authz/permissions';
import { openExport } from '../domain/export/snapshots';
import { projectContextFor } from '../domain/projects/context';
import { DomainError } from '../errors/domain-error';
import { ERROR_TABLE } from './errors';

const plain = (status: number, message: string) => new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * GET /api/orgs/<slug>/projects/<id>/exports/<exportId>/download — a built snapshot's zip,
 * streamed from the blob store, for those who may export (others: 403; outsiders: 404).
 */
export async function exportDownloadResponse(request: Request, orgSlug: string, projectId: string, exportId: string): Promise<Response> {
  const actor = await actorFromHeaders(request.headers);
  if (!actor) return plain(401, 'Sign in first');
  const ctx = await projectContextFor(actor, orgSlug, projectId);
  if (!ctx) return plain(404, 'Project not found');
  if (!canInProject(ctx.projectRole, 'export')) return plain(403, 'Your role does not allow this');
  try {
    const zip = await openExport(ctx, exportId);
    return new Response(Readable.toWeb(zip.stream) as ReadableStream<Uint8Array>, {
      headers: {
        'content-type': 'application/zip',
        'content-length': String(zip.size),
        'content-disposition': `attachment; filename="${zip.filename}"`,
        // The bytes never change: the sha256 is a strong validator.
        etag: `"${zip.sha256}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (err) {
    if (err instanceof DomainError) return plain(ERROR_TABLE[err.code].http, err.userMessage);
    throw err;
  }
}
