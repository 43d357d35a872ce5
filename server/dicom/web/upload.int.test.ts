import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../auth/sessions';
import { db } from '../../db/client';
import { batchContext } from '../../domain/ingest/ingest';
import { refreshSeries } from '../../domain/ingest/series-refresh';
import { seriesRefreshJob } from '../../jobs/definitions/series-refresh';
import { drain } from '../../jobs/queue';
import { FIXTURES, filesIn, sessionCookie, uploadGroupBody } from '../../testing/dicom';
import { projectWorld } from '../../testing/project-world';
import type { SeededUser } from '../../../prisma/seed/factories';
import { startDirectServer } from '../../testing/direct-server';
import { MAX_INSTANCE_BYTES } from '../prepare';

const MR = filesIn(FIXTURES.mrSeries).slice(0, 3);
const bytesOf = (file: string) => fs.readFileSync(file);

let server: Awaited<ReturnType<typeof startDirectServer>>;
beforeAll(async () => void (server = await startDirectServer()));
afterAll(() => server.close());

/** One file of a browser upload, as the upload panel sends it, over HTTP as the production server takes it. */
async function upload(batchId: string, user: SeededUser | null, name: string, bytes: Uint8Array) {
  const headers: Record<string, string> = { 'x-file-name': encodeURIComponent(name), 'content-type': 'application/octet-stream' };
  if (user) headers.cookie = (await sessionCookie(user)).cookie;
  const response = await fetch(`${server.origin}/api/ingest/${batchId}`, { method: 'POST', headers, body: Buffer.from(bytes) });
  return { status: response.status, body: (await response.json()) as { outcome?: string; reason?: string; detail?: string }, headers: response.headers };
}

/** Several files in one request, as the upload panel groups small files. */
async function uploadGroup(batchId: string, user: SeededUser, files: { name: string; bytes: Uint8Array }[], contentType?: string) {
  const group = uploadGroupBody(files, 'test-boundary-7f3a');
  const headers = { cookie: (await sessionCookie(user)).cookie, 'content-type': contentType ?? group.contentType };
  const response = await fetch(`${server.origin}/api/ingest/${batchId}`, { method: 'POST', headers, body: group.body });
  return { status: response.status, body: (await response.json()) as { files?: { name: string; outcome: string; reason?: string }[]; error?: string } };
}

/** Starts a POST that declares `declared` bytes and sends `sent` of them; resolves with the answer, or 'cut' when the connection is closed. */
function partialUpload(batchId: string, cookie: string, declared: number, sent: Uint8Array, hangUp: boolean) {
  return new Promise<number | 'cut'>((resolve) => {
    const req = http.request(`${server.origin}/api/ingest/${batchId}`, { method: 'POST', headers: { cookie, 'content-length': String(declared), 'x-file-name': 'big.dcm' } }, (res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', () => resolve('cut'));
    req.write(sent, () => {
      if (hangUp) setTimeout(() => (req.destroy(), resolve('cut')), 200);
    });
  });
}

const stored = async (projectId: string) => ({
  instances: await db().instance.count({ where: { projectId } }),
  files: await db().ingestFile.findMany({ where: { batch: { projectId } }, orderBy: { id: 'asc' }, select: { name: true, outcome: true, instanceId: true, reason: true } }),
});

describe('[INGEST] the browser upload endpoint', () => {
  it('records each file with its outcome and counts it on the batch; a copy of a file is a duplicate of the same instance', { timeout: 120_000 }, async () => {
    const world = await projectWorld();
    const { batchId } = await (await world.as(world.users.MANAGER)).ingest.startUpload(world.scope);
    for (const f of MR) expect((await upload(batchId, world.users.MANAGER, path.basename(f), bytesOf(f))).body.outcome).toBe('ACCEPTED');
    const copy = await upload(batchId, world.users.MANAGER, 'copy.dcm', bytesOf(MR[0]!));
    expect(copy.body.outcome).toBe('DUPLICATE');
    const junk = await upload(batchId, world.users.MANAGER, 'notes.txt', new TextEncoder().encode('not a DICOM file at all'));
    expect(junk).toMatchObject({ status: 200, body: { outcome: 'REJECTED' } });
    expect(junk.body.reason).toMatch(/DICOM/);

    const batch = await db().ingestBatch.findUniqueOrThrow({ where: { id: batchId } });
    const bytes = MR.reduce((n, f) => n + fs.statSync(f).size, 0) + fs.statSync(MR[0]!).size + 'not a DICOM file at all'.length;
    expect({ accepted: batch.accepted, duplicates: batch.duplicates, rejected: batch.rejected, bytes: Number(batch.bytes) }).toEqual({ accepted: 3, duplicates: 1, rejected: 1, bytes });
    const { instances, files } = await stored(world.scope.projectId);
    expect(instances).toBe(3);
    expect(files.map((f) => f.outcome)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'DUPLICATE', 'REJECTED']);
    expect(files[3]!.instanceId).toBe(files[0]!.instanceId);
    expect(files[4]).toMatchObject({ name: 'notes.txt', instanceId: null });
  });

  it('keeps a file name that does not percent-decode as sent, rather than failing the upload', { timeout: 60_000 }, async () => {
    const world = await projectWorld();
    const { batchId } = await (await world.as(world.users.MANAGER)).ingest.startUpload(world.scope);
    const headers = { 'x-file-name': 'IM%E0%A4%A.dcm', 'content-type': 'application/octet-stream', cookie: (await sessionCookie(world.users.MANAGER)).cookie };
    const response = await fetch(`${server.origin}/api/ingest/${batchId}`, { method: 'POST', headers, body: bytesOf(MR[0]!) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'IM%E0%A4%A.dcm', outcome: 'ACCEPTED' });
    expect((await stored(world.scope.projectId)).files).toEqual([expect.objectContaining({ name: 'IM%E0%A4%A.dcm', outcome: 'ACCEPTED' })]);
  });

  it('takes several files in one request: each recorded under its own name with its outcome, answered in order', { timeout: 120_000 }, async () => {
    const world = await projectWorld();
    const { batchId } = await (await world.as(world.users.MANAGER)).ingest.startUpload(world.scope);
    const files = [
      { name: 'MR/Série 1/IM 1.dcm', bytes: bytesOf(MR[0]!) },
      { name: 'notes.txt', bytes: new TextEncoder().encode('not a DICOM file at all') },
      { name: 'MR/IM-2.dcm', bytes: bytesOf(MR[1]!) },
      { name: 'copy of IM 1.dcm', bytes: bytesOf(MR[0]!) },
    ];
    const res = await uploadGroup(batchId, world.users.MANAGER, files);
    expect(res.status).toBe(200);
    expect(res.body.files!.map((f) => [f.name, f.outcome])).toEqual([
      ['MR/Série 1/IM 1.dcm', 'ACCEPTED'],
      ['notes.txt', 'REJECTED'],
      ['MR/IM-2.dcm', 'ACCEPTED'],
      ['copy of IM 1.dcm', 'DUPLICATE'],
    ]);
    expect(res.body.files![1]!.reason).toMatch(/DICOM/);
    const { instances, files: recorded } = await stored(world.scope.projectId);
    expect(instances).toBe(2);
    expect(recorded.map((f) => [f.name, f.outcome])).toEqual(expect.arrayContaining(res.body.files!.map((f) => [f.name, f.outcome])));
    expect(await db().ingestBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({ accepted: 2, duplicates: 1, rejected: 1 });
    // The series job was queued: draining it checks the series and makes the case.
    await drain(seriesRefreshJob, refreshSeries);
    const series = await db().series.findFirstOrThrow({ where: { projectId: world.scope.projectId } });
    expect((series.quality as { instances: number }).instances).toBe(2);
    expect(await db().case.count({ where: { projectId: world.scope.projectId } })).toBe(1);
  });

  it('refuses a malformed group whole (400 with the reason) and stores nothing from it; a group from anyone but the batch\'s PM is 404', { timeout: 120_000 }, async () => {
    const world = await projectWorld();
    const { batchId } = await (await world.as(world.users.MANAGER)).ingest.startUpload(world.scope);
    const files = [{ name: 'a.dcm', bytes: bytesOf(MR[0]!) }];
    const wrongBoundary = await uploadGroup(batchId, world.users.MANAGER, files, 'multipart/related; boundary=not-the-one');
    expect(wrongBoundary).toMatchObject({ status: 400, body: { error: expect.stringMatching(/boundary/) } });
    const noBoundary = await uploadGroup(batchId, world.users.MANAGER, files, 'multipart/related');
    expect(noBoundary).toMatchObject({ status: 400, body: { error: expect.stringMatching(/boundary/) } });
    const cut = uploadGroupBody(files, 'b-cut');
    const truncated = cut.body.subarray(0, 5000);
    const res = await fetch(`${server.origin}/api/ingest/${batchId}`, { method: 'POST', headers: { cookie: (await sessionCookie(world.users.MANAGER)).cookie, 'content-type': cut.contentType }, body: truncated });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/ends before/);
    for (const user of [world.users.READER, world.users.outsider]) expect((await uploadGroup(batchId, user, files)).status).toBe(404);
    expect(await stored(world.scope.projectId)).toEqual({ instances: 0, files: [] });
    expect(await db().ingestBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({ accepted: 0, duplicates: 0, rejected: 0 });
  });

  it('stores a file sent several times at once exactly once, and links every copy to that instance', { timeout: 120_000 }, async () => {
    const world = await projectWorld();
    const { batchId } = await (await world.as(world.users.MANAGER)).ingest.startUpload(world.scope);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(batchId, world.users.MANAGER, `same-${i}.dcm`, bytesOf(MR[1]!))));
    expect(results.filter((r) => r.body.outcome === 'ACCEPTED')).toHaveLength(1);
    expect(results.filter((r) => r.body.outcome === 'DUPLICATE')).toHaveLength(5);
    const { instances, files } = await stored(world.scope.projectId);
    expect(instances).toBe(1);
    const instance = await db().instance.findFirstOrThrow({ where: { projectId: world.scope.projectId } });
    expect(files.map((f) => f.instanceId)).toEqual(Array(6).fill(instance.id));
    const batch = await db().ingestBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect([batch.accepted, batch.duplicates]).toEqual([1, 5]);
  });

  it('refuses anyone but the batch\'s own PM: 401 without a session, 404 for others; nothing is stored', { timeout: 120_000 }, async () => {
    const world = await projectWorld();
    const { batchId } = await (await world.as(world.users.MANAGER)).ingest.startUpload(world.scope);
    const file = bytesOf(MR[0]!);
    expect((await upload(batchId, null, 'a.dcm', file)).status).toBe(401);
    for (const user of [world.users.ADMIN, world.users.LEAD, world.users.READER, world.users.outsider]) {
      expect((await upload(batchId, user, 'a.dcm', file)).status).toBe(404);
    }
    expect((await upload('no-such-batch', world.users.MANAGER, 'a.dcm', file)).status).toBe(404);
    expect(await stored(world.scope.projectId)).toEqual({ instances: 0, files: [] });
    expect(await db().ingestBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({ accepted: 0, duplicates: 0, rejected: 0 });
  });

  it('remembers the batch\'s permission two seconds per session: a PM removed from the project is refused after that, and at once in a new session', { timeout: 60_000 }, async () => {
    const world = await projectWorld();
    const pm = world.users.MANAGER;
    const { batchId } = await (await world.as(pm)).ingest.startUpload(world.scope);
    const session = await openSession(pm.id, '127.0.0.1');
    const actor = { id: pm.id, email: pm.email, name: pm.name, sessionId: session.id };
    const t = Date.now();
    expect(await batchContext(actor, batchId, t)).toMatchObject({ batchId, projectRole: 'MANAGER' });
    await (await world.as(world.users.OWNER)).project.removeMember({ ...world.scope, userId: pm.id });
    expect(await batchContext(actor, batchId, t + 1000)).toMatchObject({ batchId });
    await expect(batchContext(actor, batchId, t + 2001)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await upload(batchId, pm, 'a.dcm', bytesOf(MR[0]!))).status).toBe(404);
  });

  it('answers 413 to a file declared larger than the limit without reading it, and stores nothing from a file whose sender hung up', { timeout: 60_000 }, async () => {
    const world = await projectWorld();
    const { batchId } = await (await world.as(world.users.MANAGER)).ingest.startUpload(world.scope);
    const { cookie } = await sessionCookie(world.users.MANAGER);
    const file = bytesOf(MR[0]!);
    expect(await partialUpload(batchId, cookie, MAX_INSTANCE_BYTES + 1, file.subarray(0, 1024), false)).toBe(413);
    expect(await partialUpload(batchId, cookie, file.length, file.subarray(0, file.length / 2), true)).toBe('cut');
    expect(await stored(world.scope.projectId)).toEqual({ instances: 0, files: [] });
    // The server goes on taking files.
    expect((await upload(batchId, world.users.MANAGER, 'a.dcm', file)).body.outcome).toBe('ACCEPTED');
  });
});
