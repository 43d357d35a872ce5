import { decode } from 'next-auth/jwt';
import { authSecret } from '../config/env';

export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

const DECODED_MAX = 1000;
/**
 * Session ids of cookies already decoded, with their expiry. Decoding derives a key and decrypts
 * the token, a real share of an upload's or a frame's cost when every request repeats it. The
 * same token and secret always decode the same way; the expiry is checked on every use, and the
 * session behind the id is still looked up on every request, so a sign-out takes effect at once.
 */
const decoded = new Map<string, { sessionId: string; expiresAt: number }>();

/** The server-side session id inside a session cookie, or null if the cookie is missing, forged or expired. */
export async function sessionIdFromCookie(read: (name: string) => string | undefined, now = Date.now()): Promise<string | null> {
  for (const name of SESSION_COOKIES) {
    const value = read(name);
    if (!value) continue;
    const secret = authSecret();
    const key = `${secret}\n${value}`;
    const known = decoded.get(key);
    if (known) return known.expiresAt > now ? known.sessionId : null;
    try {
      const token = await decode({ token: value, secret });
      if (typeof token?.sid !== 'string') return null;
      if (typeof token.exp === 'number') remember(key, { sessionId: token.sid, expiresAt: token.exp * 1000 });
      return token.sid;
    } catch {
      return null;
    }
  }
  return null;
}

function remember(key: string, entry: { sessionId: string; expiresAt: number }) {
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, entry);
}
