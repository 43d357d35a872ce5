import { decode } from 'next-auth/jwt';
import { authSecret } from '../config/env';

export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

/** The server-side session id inside a session cookie, or null if the cookie is missing, forged or expired. */
export async function sessionIdFromCookie(read: (name: string) => string | undefined): Promise<string | null> {
  for (const name of SESSION_COOKIES) {
    const value = read(name);
    if (!value) continue;
    try {
      const token = await decode({ token: value, secret: authSecret() });
      return typeof token?.sid === 'string' ? token.sid : null;
    } catch {
      return null;
    }
  }
  return null;
}
