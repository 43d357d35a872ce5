import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import aws4 from 'aws4';
import type { BlobStore } from './blob-store';

export interface S3Config {
  /** The service's base URL, e.g. https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Prepended to every key, e.g. "concord/". */
  prefix: string;
  /**
   * How objects are addressed: "path" (https://<host>/<bucket>/<key>, which MinIO, Ceph and most
   * S3-compatible servers expect) or "virtual" (https://<bucket>.<host>/<key>, which AWS
   * recommends); default "path".
   */
  addressing?: 'path' | 'virtual';
}

const KEY = /^[0-9a-f]{64}$/;

/**
 * The blob store on S3-compatible object storage (AWS S3, MinIO, Ceph, ...), signed with AWS
 * Signature V4, objects addressed path-style or virtual-hosted (see `addressing`). The key is the
 * sha256 of the bytes, which is also the payload hash S3 asks for, so uploads are signed without
 * hashing them again. Scratch files (an export being built) stay on the local disk until adopted.
 */
export function s3BlobStore(config: S3Config, scratchDir: string): BlobStore {
  const base = new URL(config.endpoint);
  const virtual = config.addressing === 'virtual';
  const host = virtual ? `${config.bucket}.${base.host}` : base.host;
  const basePath = `${base.pathname.replace(/\/$/, '')}${virtual ? '' : `/${config.bucket}`}`;

  const request = async (method: 'GET' | 'PUT', key: string, opts: { headers?: Record<string, string>; body?: BodyInit; hash?: string } = {}) => {
    if (!KEY.test(key)) throw new Error(`Not a blob key: ${key}`);
    const objectPath = `${basePath}/${config.prefix}${key}`;
    const headers: Record<string, string> = { ...opts.headers, 'X-Amz-Content-Sha256': opts.hash ?? 'UNSIGNED-PAYLOAD' };
    const signed = aws4.sign({ host, path: objectPath, method, service: 's3', region: config.region, headers }, { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey });
    return fetch(`${base.protocol}//${host}${objectPath}`, {
      method,
      headers: signed.headers as Record<string, string>,
      ...(opts.body ? { body: opts.body, duplex: 'half' } : {}),
    });
  };

  const fail = async (what: string, key: string, response: Response): Promise<never> => {
    const detail = (await response.text().catch(() => '')).slice(0, 300);
    throw new Error(`S3 ${what} ${key} failed: ${response.status} ${detail}`);
  };

  return {
    async put(key, bytes) {
      const response = await request('PUT', key, { body: bytes as Uint8Array<ArrayBuffer>, hash: key, headers: { 'Content-Length': String(bytes.length), 'Content-Type': 'application/octet-stream' } });
      if (!response.ok) await fail('PUT', key, response);
    },
    async get(key) {
      const response = await request('GET', key);
      if (response.status === 404) return null;
      if (!response.ok) return fail('GET', key, response);
      return new Uint8Array(await response.arrayBuffer());
    },
    async read(key, offset, length) {
      if (length <= 0) return new Uint8Array(0);
      const response = await request('GET', key, { headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
      if (response.status === 416) return new Uint8Array(0); // wholly past the end, as a short local read
      if (!response.ok) return fail('GET (range)', key, response);
      const bytes = new Uint8Array(await response.arrayBuffer());
      // A server that ignores Range answers 200 with the whole object.
      return response.status === 206 ? bytes : bytes.subarray(offset, offset + length);
    },
    stream(key, range) {
      const out = new PassThrough();
      const headers: Record<string, string> = range ? { Range: `bytes=${range.start}-${range.end}` } : {};
      request('GET', key, { headers })
        .then(async (response) => {
          if (!response.ok || !response.body) return fail('GET (stream)', key, response);
          Readable.fromWeb(response.body as WebReadableStream).on('error', (err) => out.destroy(err)).pipe(out);
        })
        .catch((err: Error) => out.destroy(err));
      return out;
    },
    async adopt(key, file) {
      const { size } = await fs.promises.stat(file);
      const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream;
      const response = await request('PUT', key, { body, hash: key, headers: { 'Content-Length': String(size), 'Content-Type': 'application/octet-stream' } });
      if (!response.ok) await fail('PUT', key, response);
      await fs.promises.rm(file, { force: true });
    },
    async scratch() {
      await fs.promises.mkdir(scratchDir, { recursive: true });
      return path.join(scratchDir, `${randomUUID()}.tmp`);
    },
  };
}
