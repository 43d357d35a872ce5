import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { appRouter } from '../api/root';
import { createContext } from '../api/trpc';

export interface HttpError {
  status: number;
  error: { message: string; data: { code: string; httpStatus: number; userMessage: string; fieldErrors?: Record<string, string[]>; stack?: unknown } };
}

/** Calls a mutation the way the browser does (HTTP, superjson, the error formatter), as a session or anonymous. */
export async function httpMutation(path: string, input: unknown, sessionId: string | null = null): Promise<{ status: number; body: unknown }> {
  const req = new Request(`http://test.local/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(superjson.serialize(input)),
  });
  const res = await fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => createContext({ sessionId, ip: '127.0.0.1', requestId: 'test' }) });
  const json = (await res.json()) as { result?: { data: never }; error?: { json: unknown; meta?: never } };
  return { status: res.status, body: json.error ? superjson.deserialize(json.error as never) : superjson.deserialize(json.result!.data) };
}
