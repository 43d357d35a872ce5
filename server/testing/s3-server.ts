import { createHash, createHmac } from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Config } from '../dicom/s3-blob-store';

const ACCESS_KEY = 'S3RVER'; // s3rver's built-in account
const SECRET = 'S3RVER';

/**
 * An S3-compatible server for tests: s3rver (objects on disk under `dir`) behind a check of
 * each request's AWS Signature V4, written here from the specification, because s3rver accepts
 * any V4 signature. A request with a wrong signature gets 403 SignatureDoesNotMatch, as from S3.
 */
export async function startS3(dir: string, bucket = 'concord-blobs') {
  // Virtual-hosted requests come to <bucket>.s3.localhost (see resolveLocalhostNames); path-style ones to 127.0.0.1.
  const s3 = new S3rver({ silent: true, directory: path.join(dir, 's3rver'), configureBuckets: [{ name: bucket, configs: [] }], serviceEndpoint: 'localhost' });
  await s3.configureBuckets();
  const s3Handler = s3.getMiddleware();
  let signed = 0;
  const hosts = new Set<string>();
  const server = http.createServer((req, res) => {
    if (!signatureMatches(req)) {
      res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    signed++;
    hosts.add(req.headers.host ?? '');
    s3Handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  resolveLocalhostNames();
  const port = (server.address() as AddressInfo).port;
  const config: S3Config = { endpoint: `http://127.0.0.1:${port}`, bucket, region: 'us-east-1', accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, prefix: '' };
  return {
    config,
    /** The same server for virtual-hosted addressing: objects at http://<bucket>.s3.localhost:<port>/<key>. */
    virtualConfig: { ...config, endpoint: `http://s3.localhost:${port}`, addressing: 'virtual' } satisfies S3Config,
    objectsDir: path.join(dir, 's3rver', bucket),
    signedRequests: () => signed,
    /** The Host headers of the signed requests so far. */
    hosts: () => [...hosts],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Makes this process resolve every *.localhost name to 127.0.0.1, as browsers and systemd do
 * (RFC 6761) and glibc does not: virtual-hosted addressing puts the bucket in the host name.
 */
function resolveLocalhostNames() {
  if ((dns.lookup as { concordLocalhost?: true }).concordLocalhost) return;
  const lookup = dns.lookup;
  const patched = ((hostname: string, ...rest: unknown[]) => (lookup as (...a: unknown[]) => void)(hostname.endsWith('.localhost') ? '127.0.0.1' : hostname, ...rest)) as typeof dns.lookup;
  dns.lookup = Object.assign(patched, { concordLocalhost: true as const });
}

const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();

function signatureMatches(req: http.IncomingMessage): boolean {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
  if (!auth) return false;
  const [, accessKey, day, region, signedHeaders, signature] = auth as unknown as [string, string, string, string, string, string];
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (accessKey !== ACCESS_KEY || !amzDate.startsWith(day) || !payloadHash) return false;
  const url = new URL(req.url ?? '/', 'http://s3');
  const query = [...url.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort().join('&');
  const headers = signedHeaders.split(';').map((name) => `${name}:${String(req.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonical = [req.method, url.pathname, query, headers, signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, day), region), 's3'), 'aws4_request');
  return hmac(key, toSign).toString('hex') === signature;
}
