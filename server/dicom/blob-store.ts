import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { env, type TEnv } from '../config/env';
import { s3BlobStore } from './s3-blob-store';

/** Content-addressed storage of de-identified files: the key is the sha256 of the bytes. */
export interface BlobStore {
  /** Stores the bytes under their hash; storing the same bytes again is a no-op. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  /** Bytes [offset, offset + length) of a stored blob. */
  read(key: string, offset: number, length: number): Promise<Uint8Array>;
  stream(key: string, range?: { start: number; end: number }): Readable;
  /** Moves a finished local file (whose sha256 is `key`) into the store. */
  adopt(key: string, file: string): Promise<void>;
  /** A path for a file that will be adopted, on the store's file system. */
  scratch(): Promise<string>;
}

const KEY = /^[0-9a-f]{64}$/;

/** Blobs as files under `root/ab/cd/<key>`, written to a temporary name and renamed into place. */
export function localBlobStore(root: string): BlobStore {
  const file = (key: string) => {
    if (!KEY.test(key)) throw new Error(`Not a blob key: ${key}`);
    return path.join(root, key.slice(0, 2), key.slice(2, 4), key);
  };
  // Remembering the folders made saves a mkdir per file; one removed behind our back is made again.
  const made = new Set<string>();
  const intoFolder = async <T>(target: string, write: () => Promise<T>): Promise<T> => {
    const dir = path.dirname(target);
    if (made.has(dir)) {
      try {
        return await write();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    await fs.promises.mkdir(dir, { recursive: true });
    made.add(dir);
    return write();
  };
  return {
    async put(key, bytes) {
      const target = file(key);
      if (fs.existsSync(target)) return;
      const tmp = `${target}.${randomUUID()}.tmp`;
      await intoFolder(target, () => fs.promises.writeFile(tmp, bytes, { flag: 'wx' }));
      await fs.promises.rename(tmp, target);
    },
    async get(key) {
      try {
        return await fs.promises.readFile(file(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async read(key, offset, length) {
      const handle = await fs.promises.open(file(key), 'r');
      try {
        const out = Buffer.alloc(length);
        const { bytesRead } = await handle.read(out, 0, length, offset);
        return out.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    stream(key, range) {
      return fs.createReadStream(file(key), range);
    },
    async adopt(key, source) {
      const target = file(key);
      await intoFolder(target, () => fs.promises.rename(source, target));
    },
    async scratch() {
      const dir = path.join(root, 'tmp');
      await fs.promises.mkdir(dir, { recursive: true });
      return path.join(dir, `${randomUUID()}.tmp`);
    },
  };
}

let store: { env: TEnv; blobs: BlobStore } | undefined;

/**
 * The configured blob store of this process: S3 when S3_BUCKET is set, else the local folder.
 * Made once per environment (every frame request asks; a reloaded environment gets a new one).
 */
export function blobStore(): BlobStore {
  const e = env();
  if (store?.env === e) return store.blobs;
  const root = path.resolve(e.CONCORD_BLOB_DIR ?? path.join(e.CONCORD_DATA_DIR, 'blobs'));
  const s3 = e.S3_BUCKET ? { endpoint: e.S3_ENDPOINT!, bucket: e.S3_BUCKET, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID!, secretAccessKey: e.S3_SECRET_ACCESS_KEY!, prefix: e.S3_PREFIX, addressing: e.S3_ADDRESSING } : null;
  store = { env: e, blobs: s3 ? s3BlobStore(s3, path.join(root, 'tmp')) : localBlobStore(root) };
  return store.blobs;
}
