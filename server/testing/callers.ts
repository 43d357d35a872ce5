import { createCaller } from '../api/root';
import { createContext } from '../api/trpc';
import { openSession } from '../auth/sessions';

/** A tRPC caller acting as `user` (through a real server-side session), or anonymous. */
export async function callerFor(user: { id: string } | null, opts: { ip?: string } = {}) {
  const sessionId = user ? (await openSession(user.id, opts.ip ?? '127.0.0.1')).id : null;
  return callerWithSession(sessionId, opts);
}

export async function callerWithSession(sessionId: string | null, opts: { ip?: string } = {}) {
  return createCaller(await createContext({ sessionId, ip: opts.ip ?? '127.0.0.1', requestId: 'test' }));
}
