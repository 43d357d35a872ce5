import type http from 'node:http';

/** The Node request behind a web Request made by the direct routes (server/lib/direct-routes.ts). */
const nodeRequests = new WeakMap<Request, http.IncomingMessage>();

/**
 * A web Request for a Node request whose body `readBody` reads from Node's stream, not through a
 * web stream: adapting every upload's half megabyte to a web stream and back cost about a tenth
 * of the upload's server time. Nothing is read until the handler asks (after it has checked who
 * is asking). The Request itself has no body: handlers read it with `readBody` only.
 */
export function requestFromNode(req: http.IncomingMessage, url: URL, headers: Headers): Request {
  const request = new Request(url, { method: req.method, headers });
  if (req.method !== 'GET' && req.method !== 'HEAD') nodeRequests.set(request, req);
  return request;
}

/** Reads a request body up to `limit` bytes; null when it is larger (the rest is not read). */
export async function readBody(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) return null;
  const body = nodeRequests.get(request) ?? request.body;
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop early destroys the stream: the rest of an oversized body is not read.
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** The client went away mid-request (a closed tab, a viewer skipping frames): nobody to answer, nothing to log. */
export function clientGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
