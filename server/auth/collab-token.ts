import crypto from 'node:crypto';
import { authSecret } from '../config/env';

/**
 * A short-lived token for one collaborative document, minted by tRPC for a signed-in user and
 * checked by the collaboration server (which may run in another process: only AUTH_SECRET is
 * shared). It proves who asked and for which document; the server still re-checks access and
 * the session on every connection.
 */
export interface CollabClaims {
  userId: string;
  sessionId: string;
  orgId: string;
  docName: string;
  /** Expiry, ms since the epoch. */
  exp: number;
}

export const COLLAB_TOKEN_TTL_MS = 5 * 60_000;

const sign = (payload: string) => crypto.createHmac('sha256', `collab:${authSecret()}`).update(payload).digest('base64url');

export function mintCollabToken(claims: Omit<CollabClaims, 'exp'>, now = Date.now()): { token: string; expiresAt: number } {
  const exp = now + COLLAB_TOKEN_TTL_MS;
  const payload = Buffer.from(JSON.stringify({ ...claims, exp })).toString('base64url');
  return { token: `${payload}.${sign(payload)}`, expiresAt: exp };
}

/** The token's claims, or null when it is forged, malformed, expired or for another document. */
export function verifyCollabToken(token: string, docName: string, now = Date.now()): CollabClaims | null {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  let claims: CollabClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CollabClaims;
  } catch {
    return null;
  }
  if (typeof claims.exp !== 'number' || claims.exp < now || claims.docName !== docName) return null;
  return claims;
}
