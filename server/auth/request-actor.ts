import { resolveSession, type Actor } from './sessions';
import { sessionIdFromCookie, SESSION_COOKIES } from './session-cookie';

/**
 * The actor behind a plain HTTP request (DICOMweb, uploads): the session cookie, or the same
 * session token sent as `Authorization: Bearer <token>` by clients that do not keep cookies.
 */
export async function actorFromHeaders(headers: Headers): Promise<Actor | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1];
  const cookies = parseCookies(headers.get('cookie') ?? '');
  const sessionId = await sessionIdFromCookie((name) => (bearer && name === SESSION_COOKIES[1] ? bearer : cookies.get(name)));
  return resolveSession(sessionId);
}

function parseCookies(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}
