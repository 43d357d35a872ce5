import { env } from '../config/env';
import type { TUser } from '../contracts/auth';
import { db } from '../db/client';
import { authSessionRepository } from '../db/repositories/auth-session.repository';
import { recordAudit } from '../domain/audit/record';

export interface Actor extends TUser {
  sessionId: string;
}

/** Starts a server-side session for a signed-in user; its id travels in the session cookie. */
export async function openSession(userId: string, ip: string | null, now = new Date()) {
  const expiresAt = new Date(now.getTime() + env().SESSION_MAX_AGE_HOURS * 3600_000);
  const session = await authSessionRepository.create(db(), userId, expiresAt);
  await recordAudit({ actorId: userId, action: 'auth.signed_in', targetType: 'session', targetId: session.id, ip });
  return session;
}

/** The actor behind a session id, or null when it is unknown, revoked or expired. */
export async function resolveSession(sessionId: string | null | undefined, now = new Date()): Promise<Actor | null> {
  if (!sessionId || typeof sessionId !== 'string') return null;
  const session = await authSessionRepository.findActive(sessionId, now);
  return session ? { ...session.user, sessionId: session.id } : null;
}

/** Sign-out: the session id stops working at once, even if someone kept a copy of the cookie. */
export async function closeSession(sessionId: string, now = new Date()) {
  const result = await authSessionRepository.revoke(db(), sessionId, now);
  if (result.count) await recordAudit({ action: 'auth.signed_out', targetType: 'session', targetId: sessionId });
}
