import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localBlobStore, type BlobStore } from './blob-store';
import { startS3 } from '../testing/s3-server';
import { s3BlobStore, type S3Config } from './s3-blob-store';

/**
 * One contract, two stores: the local folder and S3. The S3 store talks to an S3-compatible
 * server run here on a free port (s3rver behind a check of every request's V4 signature).
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-blob-contract-'));
let s3: Awaited<ReturnType<typeof startS3>>;
let s3Config: S3Config;
beforeAll(async () => {
  s3 = await startS3(work);
  s3Config = { ...s3.config, prefix: 'dicom/' };
});
afterAll(async () => {
  await s3.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const blob = (size: number, seed: number) => {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
  return { bytes, key: createHash('sha256').update(bytes).digest('hex') };
};

const stores: [string, () => BlobStore][] = [
  ['local folder', () => localBlobStore(path.join(work, 'local'))],
  ['S3 (s3rver)', () => s3BlobStore(s3Config, path.join(work, 's3-scratch'))],
  ['S3 with virtual-hosted addressing (s3rver)', () => s3BlobStore({ ...s3.virtualConfig, prefix: 'dicom/' }, path.join(work, 's3-scratch'))],
];

describe.each(stores)('[BLOBS] the %s store', (_name, make) => {
  it('stores bytes under their hash, reads them whole, by range and as streams; a second put is harmless', async () => {
    const store = make();
    const { bytes, key } = blob(300_000, 1);
    await store.put(key, bytes);
    await store.put(key, bytes);
    expect(Buffer.from((await store.get(key))!).equals(Buffer.from(bytes))).toBe(true);
    expect(Array.from(await store.read(key, 1000, 16))).toEqual(Array.from(bytes.subarray(1000, 1016)));
    // A read running past the end is short, one wholly past it is empty, as for a file.
    expect(Array.from(await store.read(key, 299_990, 100))).toEqual(Array.from(bytes.subarray(299_990)));
    expect((await store.read(key, 400_000, 10)).length).toBe(0);
    expect((await buffer(store.stream(key))).equals(Buffer.from(bytes))).toBe(true);
    expect((await buffer(store.stream(key, { start: 5, end: 14 }))).equals(Buffer.from(bytes.subarray(5, 15)))).toBe(true);
  });

  it('says a missing blob is missing, refuses what is not a blob key, and fails a stream of a missing blob', async () => {
    const store = make();
    const { key } = blob(10, 2);
    expect(await store.get(key)).toBeNull();
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/Not a blob key/);
    await expect(buffer(store.stream(key))).rejects.toThrow();
  });

  it('adopts a finished scratch file (a 5 MB export) and leaves no scratch behind', async () => {
    const store = make();
    const { bytes, key } = blob(5 * 2 ** 20, 3);
    const scratch = await store.scratch();
    fs.writeFileSync(scratch, bytes);
    await store.adopt(key, scratch);
    expect(fs.existsSync(scratch)).toBe(false);
    expect(createHash('sha256').update((await store.get(key))!).digest('hex')).toBe(key);
  });
});

describe('[BLOBS] S3 specifics', () => {
  it('keeps objects under the configured prefix and refuses a wrong secret with the server\'s answer', async () => {
    const { bytes, key } = blob(1000, 4);
    await s3BlobStore(s3Config, work).put(key, bytes);
    expect(fs.readdirSync(path.join(s3.objectsDir, 'dicom'))).toContain(`${key}._S3rver_object`);
    const signed = s3.signedRequests();
    const wrong = s3BlobStore({ ...s3Config, secretAccessKey: 'not-the-secret' }, work);
    await expect(wrong.get(key)).rejects.toThrow(/S3 GET .* failed: 403/);
    await expect(wrong.put(blob(10, 5).key, blob(10, 5).bytes)).rejects.toThrow(/failed: 403/);
    expect(s3.signedRequests()).toBe(signed);
    expect(await s3BlobStore(s3Config, work).get(blob(10, 5).key)).toBeNull();
  });

  it('with virtual-hosted addressing names the bucket in the host, and finds the same objects as path-style', async () => {
    const { bytes, key } = blob(2000, 6);
    await s3BlobStore({ ...s3.virtualConfig, prefix: 'dicom/' }, work).put(key, bytes);
    expect(s3.hosts()).toContain(`${s3Config.bucket}.${new URL(s3.virtualConfig.endpoint).host}`);
    expect(fs.readdirSync(path.join(s3.objectsDir, 'dicom'))).toContain(`${key}._S3rver_object`);
    expect(Buffer.from((await s3BlobStore(s3Config, work).get(key))!)).toEqual(Buffer.from(bytes));
  });
});
