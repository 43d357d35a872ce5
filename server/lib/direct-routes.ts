import type http from 'node:http';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { handleDicomweb } from '../dicom/web/handler';
import { problem } from '../dicom/web/responses';
import { clientGone, requestFromNode } from '../dicom/web/read-body';
import { uploadToBatch } from '../dicom/web/upload';
import { logger } from './logger';
import { SECURITY_HEADERS } from './security-headers';

type Handler = (request: Request) => Promise<Response>;

const DICOMWEB = /^\/dicomweb\/([^/]+)\/([^/]+)(?:\/(.*))?$/;
const UPLOAD = /^\/api\/ingest\/([^/]+)$/;
const COMPRESSIBLE = /^application\/(dicom\+json|json|problem\+json)\b/;
const MIN_COMPRESSED = 1024;

/**
 * The requests that come by the hundred per study — DICOMweb (every frame of every series a
 * reader opens) and browser uploads (one per file) — go from Node's request straight to their
 * handler: Next's routing cost about as much as the rest of such a request. The route files
 * under app/ call the same handlers (and serve them in `next dev`). False for any other
 * request, which is Next's.
 */
export function serveDirectly(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  // Every request passes here (pages, scripts): most leave before any parsing.
  if (!req.url?.startsWith('/dicomweb/') && !req.url?.startsWith('/api/ingest/')) return false;
  const url = URL.parse(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const handler = url && directRoute(req, url);
  if (!handler) return false;
  void serveDirect(req, res, url, handler);
  return true;
}

function directRoute(req: http.IncomingMessage, url: URL): Handler | null {
  const dicomweb = DICOMWEB.exec(url.pathname);
  if (dicomweb) {
    const [, orgSlug, projectId, rest] = dicomweb;
    const path = (rest ?? '').split('/').filter(Boolean);
    return (request) => handleDicomweb({ request, orgSlug: decodeURIComponent(orgSlug!), projectId: decodeURIComponent(projectId!), path: path.map((p) => decodeURIComponent(p)) });
  }
  const upload = req.method === 'POST' ? UPLOAD.exec(url.pathname) : null;
  if (upload) return (request) => uploadToBatch(request, decodeURIComponent(upload[1]!));
  return null;
}

/** Serves `req` with `handler`: a web Request in, the Response (streamed) and the site's security headers out. */
async function serveDirect(req: http.IncomingMessage, res: http.ServerResponse, url: URL, handler: Handler) {
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else value?.forEach((v) => headers.append(name, v));
    }
    const response = await handler(requestFromNode(req, url, headers));
    await send(req, res, response, req.method === 'HEAD');
  } catch (err) {
    if (err instanceof URIError) return void (await send(req, res, problem(400, 'Malformed path'), false));
    if (clientGone(err)) return;
    logger.error('request failed', { err, path: url.pathname });
    if (!res.headersSent) await send(req, res, problem(500, 'Something went wrong'), false);
    else res.destroy();
  }
}

async function send(req: http.IncomingMessage, res: http.ServerResponse, response: Response, head: boolean) {
  // An answer before the body was read (401, 404): the rest is read and dropped, so the client
  // gets the answer instead of a reset connection.
  if (!req.complete && !req.destroyed) req.resume();
  res.statusCode = response.status;
  for (const h of SECURITY_HEADERS) res.setHeader(h.key, h.value);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!response.body || head) {
    await response.body?.cancel(); // a HEAD's body was never to be sent: its file is let go
    return void res.end();
  }
  // A series' metadata is a megabyte of JSON that gzip makes a tenth of (remote readers); frames
  // are sent as stored, and so are short answers (an upload's outcome), which gzip would not shrink
  // and which go out whole rather than through a stream.
  const length = Number(response.headers.get('content-length') ?? Infinity);
  if (length < MIN_COMPRESSED) return void res.end(Buffer.from(await response.arrayBuffer()));
  const body = Readable.fromWeb(response.body as NodeReadableStream);
  if (COMPRESSIBLE.test(response.headers.get('content-type') ?? '') && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    res.removeHeader('content-length');
    res.setHeader('content-encoding', 'gzip');
    res.setHeader('vary', 'Accept-Encoding');
    await pipeline(body, zlib.createGzip(), res);
  } else await pipeline(body, res);
}
