/**
 * The custom server (server/main.ts) replaces whatever a client sent in this header with the
 * socket's address (or, behind a trusted proxy, the proxy's X-Forwarded-For), so it can be
 * trusted by rate limits and audit.
 */
export const CLIENT_IP_HEADER = 'x-concord-client-ip';

type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

export function clientIp(headers: HeaderBag): string | null {
  if (!headers) return null;
  const value = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  const first = Array.isArray(value) ? value[0] : value;
  return first || null;
}
