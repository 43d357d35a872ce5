import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadEnv } from '../config/env';
import { db } from '../db/client';
import { FIXTURES, filesIn, ingestAs, sessionCookie } from '../testing/dicom';
import { projectWorld } from '../testing/project-world';
import { startS3 } from '../testing/s3-server';
import { blobStore } from './blob-store';
import { handleDicomweb } from './web/handler';

/** The whole path of a file with S3_* set: upload → objects in the bucket → DICOMweb serves them from there. */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-s3-ingest-'));
let s3: Awaited<ReturnType<typeof startS3>>;
const saved = { ...process.env };
beforeAll(async () => {
  s3 = await startS3(work);
  Object.assign(process.env, {
    S3_ENDPOINT: s3.config.endpoint,
    S3_BUCKET: s3.config.bucket,
    S3_ACCESS_KEY_ID: s3.config.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.config.secretAccessKey,
    S3_PREFIX: 'blobs/',
    CONCORD_BLOB_DIR: path.join(work, 'local-blobs'),
  });
  reloadEnv();
});
afterAll(async () => {
  for (const key of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_PREFIX', 'CONCORD_BLOB_DIR']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  reloadEnv();
  await s3.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('[INGEST] on S3-compatible storage', () => {
  it('stores each de-identified file as an object in the bucket, nothing on the local disk, and DICOMweb serves instances and frames from there', { timeout: 120_000 }, async () => {
    const world = await projectWorld();
    const files = filesIn(FIXTURES.mrSeries).slice(0, 3);
    const { results } = await ingestAs(world.users.MANAGER, world.scope, files);
    expect(results.map((r) => r.outcome)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);

    const rows = await db().instance.findMany({ where: { projectId: world.scope.projectId }, select: { blobKey: true, sopInstanceUid: true, size: true, series: { select: { seriesInstanceUid: true, study: { select: { studyInstanceUid: true } } } } } });
    expect(fs.readdirSync(path.join(s3.objectsDir, 'blobs')).filter((f) => f.endsWith('._S3rver_object')).sort()).toEqual(rows.map((r) => `${r.blobKey}._S3rver_object`).sort());
    expect(fs.existsSync(path.join(work, 'local-blobs'))).toBe(false);

    const { cookie } = await sessionCookie(world.users.LEAD);
    const row = rows[0]!;
    const instancePath = ['studies', row.series.study.studyInstanceUid, 'series', row.series.seriesInstanceUid, 'instances', row.sopInstanceUid];
    const get = (p: string[], accept: string) =>
      handleDicomweb({ request: new Request(`http://concord.test/dicomweb/x/${p.join('/')}`, { headers: { cookie, accept } }), orgSlug: world.scope.orgSlug, projectId: world.scope.projectId, path: p });
    const instance = await get(instancePath, 'multipart/related; type="application/dicom"');
    expect(instance.status).toBe(200);
    const stored = Buffer.from((await blobStore().get(row.blobKey))!);
    expect(stored.length).toBe(row.size);
    expect(Buffer.from(await instance.arrayBuffer()).includes(stored)).toBe(true);

    const frame = await get([...instancePath, 'frames', '1'], 'multipart/related; type="application/octet-stream"');
    expect(frame.status).toBe(200);
    const body = Buffer.from(await frame.arrayBuffer());
    const rowsCols = await db().instance.findFirstOrThrow({ where: { sopInstanceUid: row.sopInstanceUid }, select: { rows: true, columns: true } });
    // The frame's pixels are the tail of the stored file (native 16-bit MR, pixel data last).
    const pixels = stored.subarray(stored.length - rowsCols.rows! * rowsCols.columns! * 2);
    expect(body.includes(pixels)).toBe(true);
  });
});
