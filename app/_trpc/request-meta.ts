import 'server-only';
import { randomUUID } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { clientIp } from '@/server/auth/client-ip';
import { sessionIdFromCookie } from '@/server/auth/session-cookie';
import type { RequestMeta } from '@/server/api/trpc';

/** What the tRPC context needs from the current request (route handler or server component). */
export async function requestMeta(): Promise<RequestMeta> {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  return {
    sessionId: await sessionIdFromCookie((name) => jar.get(name)?.value),
    ip: clientIp(h),
    requestId: h.get('x-request-id') ?? randomUUID(),
  };
}
