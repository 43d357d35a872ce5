import fs from 'node:fs';
import path from 'node:path';
import dicomParser from 'dicom-parser';
import { api as dicomweb } from 'dicomweb-client';
import XMLHttpRequest from 'xhr2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../auth/sessions';
import { db } from '../../db/client';
import { frameScope, imageScope } from '../../domain/ingest/image-access';
import { FIXTURES, filesIn, ingestAs, sessionCookie, withTagText } from '../../testing/dicom';
import { projectWorld } from '../../testing/project-world';
import { startDirectServer } from '../../testing/direct-server';
import { blobStore } from '../blob-store';
import { parseMultipart } from './multipart';
import { parseDicom } from '../parse';
import { T } from '../tags';
import { dicomSlice } from '../../imaging/display-slice';
import { decodePng } from '../../imaging/png';

(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = XMLHttpRequest;

/** DICOMweb behind a real HTTP server, served as the production server serves it, as an outside client reaches it. */
let server: Awaited<ReturnType<typeof startDirectServer>>;
let origin = '';
beforeAll(async () => {
  server = await startDirectServer();
  origin = server.origin;
});
afterAll(() => server.close());

const MR = filesIn(FIXTURES.mrSeries).slice(0, 4);
const J2K = `${FIXTURES.transferSyntaxes}/CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm`;
const COLOUR_JPEG_LS = `${FIXTURES.transferSyntaxes}/TestPattern_JPEG-LS-Lossless.dcm`;

/** dicomweb-client's declared types are incomplete; its methods all return promises. */
type Client = Record<'searchForStudies' | 'searchForSeries' | 'searchForInstances' | 'retrieveInstanceMetadata' | 'retrieveInstanceFrames' | 'retrieveInstance', (options?: object) => Promise<unknown>>;

async function clientFor(user: { id: string }, scope: { orgSlug: string; projectId: string }): Promise<Client> {
  const { token } = await sessionCookie(user);
  return new dicomweb.DICOMwebClient({ url: `${origin}/dicomweb/${scope.orgSlug}/${scope.projectId}`, headers: { Authorization: `Bearer ${token}` }, singlepart: false }) as unknown as Client;
}
async function raw(path: string, user: { id: string } | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (user) headers.set('cookie', (await sessionCookie(user)).cookie);
  return fetch(`${origin}${path}`, { ...init, headers });
}

describe('[DICOMWEB] an outside client (dicomweb-client)', () => {
  it('searches, reads metadata, instances and frames exactly as stored; readers see only their cases', { timeout: 120_000 }, async () => {
    const world = await projectWorld({ readers: 3, readersPerCase: 1 });
    const { results } = await ingestAs(world.users.MANAGER, world.scope, [...MR, J2K]);
    expect(results.every((r) => r.outcome === 'ACCEPTED')).toBe(true);
    const manager = await clientFor(world.users.MANAGER, world.scope);

    const studies = (await manager.searchForStudies()) as Record<string, { Value?: unknown[] }>[];
    expect(studies).toHaveLength(2);
    const mr = results[0]!;
    const series = (await manager.searchForSeries({ studyInstanceUID: mr.studyInstanceUid! })) as Record<string, { Value?: unknown[] }>[];
    expect(series.map((s) => s['00080060']!.Value![0])).toEqual(['MR']);
    expect(series[0]!['00201209']!.Value![0]).toBe(4);
    const instances = (await manager.searchForInstances({ studyInstanceUID: mr.studyInstanceUid!, seriesInstanceUID: mr.seriesInstanceUid! })) as unknown[];
    expect(instances).toHaveLength(4);

    const metadata = (await manager.retrieveInstanceMetadata({ studyInstanceUID: mr.studyInstanceUid!, seriesInstanceUID: mr.seriesInstanceUid!, sopInstanceUID: mr.sopInstanceUid! })) as Record<string, { Value?: unknown[] }>[];
    expect(metadata[0]!['00280010']!.Value![0]).toBe(256);
    expect(metadata[0]!['00100010']!.Value![0]).toEqual({ Alphabetic: expect.stringMatching(/^P-/) as string });

    const [frame] = (await manager.retrieveInstanceFrames({ studyInstanceUID: mr.studyInstanceUid!, seriesInstanceUID: mr.seriesInstanceUid!, sopInstanceUID: mr.sopInstanceUid!, frameNumbers: [1] })) as ArrayBuffer[];
    expect(frame!.byteLength).toBe(256 * 256 * 2);

    const ct = results[4]!;
    const [ctFrame] = (await manager.retrieveInstanceFrames({ studyInstanceUID: ct.studyInstanceUid!, seriesInstanceUID: ct.seriesInstanceUid!, sopInstanceUID: ct.sopInstanceUid!, frameNumbers: [1] })) as ArrayBuffer[];
    // The JPEG 2000 codestream comes back as uploaded: the one fragment of the source file.
    const source = parseDicom(fs.readFileSync(J2K)).dataset.find((e) => e.tag === T.PixelData)!.encapsulated!;
    expect(Buffer.from(source).includes(Buffer.from(ctFrame!))).toBe(true);
    expect(new Uint8Array(ctFrame!).subarray(0, 2)).toEqual(Uint8Array.of(0xff, 0x4f));

    const file = (await manager.retrieveInstance({ studyInstanceUID: ct.studyInstanceUid!, seriesInstanceUID: ct.seriesInstanceUid!, sopInstanceUID: ct.sopInstanceUid! })) as ArrayBuffer;
    const row = await db().instance.findFirstOrThrow({ where: { sopInstanceUid: ct.sopInstanceUid! }, select: { blobKey: true } });
    expect(Buffer.compare(Buffer.from(file), Buffer.from((await blobStore().get(row.blobKey))!))).toBe(0);

    // One reader per case, balanced: the MR case and the CT case go to different readers.
    await (await world.as(world.users.MANAGER)).case.distribute(world.scope);
    const assigned = await db().assignment.findMany({ where: { projectId: world.scope.projectId, case: { studyId: { not: null } } }, select: { readerId: true, case: { select: { study: { select: { studyInstanceUid: true } } } } } });
    const mrReaders = assigned.filter((a) => a.case.study?.studyInstanceUid === mr.studyInstanceUid!).map((a) => a.readerId);
    const ctReaders = assigned.filter((a) => a.case.study?.studyInstanceUid === ct.studyInstanceUid!).map((a) => a.readerId);
    expect(mrReaders).toHaveLength(1);
    expect(ctReaders).not.toContain(mrReaders[0]);
    const onlyMr = world.readers.find((r) => r.id === mrReaders[0])!;
    const reader = await clientFor(onlyMr, world.scope);
    const visible = (await reader.searchForStudies()) as Record<string, { Value?: unknown[] }>[];
    expect(visible.map((s) => s['0020000D']!.Value![0])).toContain(mr.studyInstanceUid!);
    expect(visible).toHaveLength(1);
    const denied = await raw(`/dicomweb/${world.scope.orgSlug}/${world.scope.projectId}/studies/${ct.studyInstanceUid!}/metadata`, onlyMr);
    expect(denied.status).toBe(404);
  });
});

describe('[DICOMWEB] every forbidden request', () => {
  it('404 for outsiders, unassigned readers and other projects; 401 without a session; 403 for a reader storing', { timeout: 120_000 }, async () => {
    const world = await projectWorld();
    const { results } = await ingestAs(world.users.MANAGER, world.scope, MR.slice(0, 1));
    const base = `/dicomweb/${world.scope.orgSlug}/${world.scope.projectId}`;
    const study = results[0]!.studyInstanceUid!;
    expect((await raw(`${base}/studies`, null)).status).toBe(401);
    expect((await raw(`${base}/studies`, world.users.outsider)).status).toBe(404);
    expect((await raw(`${base}/studies/${study}/metadata`, world.users.outsider)).status).toBe(404);
    expect((await raw(`${base}/studies/${study}/metadata`, world.users.MEMBER)).status).toBe(404);
    const readerSearch = await raw(`${base}/studies`, world.users.READER);
    expect(await readerSearch.json()).toEqual([]);
    expect((await raw(`${base}/studies/${study}/metadata`, world.users.READER)).status).toBe(404);
    expect((await raw(`${base}/studies/${study}/metadata`, world.users.LEAD)).status).toBe(200);
    const other = await projectWorld();
    expect((await raw(`/dicomweb/${other.scope.orgSlug}/${world.scope.projectId}/studies`, other.users.OWNER)).status).toBe(404);

    const before = await db().instance.count({ where: { projectId: world.scope.projectId } });
    const stowByReader = await raw(`${base}/studies`, world.users.READER, { method: 'POST', headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=x' }, body: '--x\r\nContent-Type: application/dicom\r\n\r\nabc\r\n--x--' });
    expect(stowByReader.status).toBe(403);
    expect(await db().instance.count({ where: { projectId: world.scope.projectId } })).toBe(before);
  });
});

describe('[DICOMWEB] what a reader sees follows their cases, pixel review and membership', () => {
  it('a per-series case shows its series alone; a series awaiting pixel review is hidden until cleared; a removed reader sees nothing', { timeout: 120_000 }, async () => {
    const world = await projectWorld({ readers: 2, readersPerCase: 1 });
    const pm = await world.as(world.users.MANAGER);
    const p = await pm.project.get(world.scope);
    await pm.project.updateSettings({ ...world.scope, name: p.name, description: p.description, modality: p.modality, readersPerCase: 1, blinded: p.blinded, consensusMethod: p.consensusMethod, autoAcceptThreshold: p.autoAcceptThreshold, caseGrouping: 'SERIES' });
    // Two series of one study: the second half of the files under another series UID of the same length.
    const files: { name: string; bytes: Uint8Array }[] = MR.map((f) => ({ name: path.basename(f), bytes: new Uint8Array(fs.readFileSync(f)) }));
    const uid = dicomParser.parseDicom(files[0]!.bytes).string('x0020000e')!;
    const otherUid = `${uid.slice(0, -1)}${uid.endsWith('9') ? '8' : '9'}`;
    for (const f of files.slice(2)) f.bytes = withTagText(f.bytes, 'x0020000e', otherUid);
    const { results } = await ingestAs(world.users.MANAGER, world.scope, files);
    expect(new Set(results.map((r) => r.seriesInstanceUid)).size).toBe(2);
    await pm.case.distribute(world.scope);

    const cases = await db().case.findMany({ where: { projectId: world.scope.projectId }, select: { seriesId: true, assignments: { select: { readerId: true } } } });
    expect(cases).toHaveLength(2);
    const [mine, theirs] = cases.map((c) => c.seriesId!);
    const reader = world.readers.find((r) => r.id === cases[0]!.assignments[0]!.readerId)!;
    const uidOf = async (id: string) => (await db().series.findUniqueOrThrow({ where: { id }, select: { seriesInstanceUid: true } })).seriesInstanceUid;
    const base = `/dicomweb/${world.scope.orgSlug}/${world.scope.projectId}/studies/${results[0]!.studyInstanceUid!}`;
    const status = async (url: string) => (await raw(url, reader)).status;

    // The rule is spelled in three places (QIDO's series search, metadata, frames): each is asked.
    const frameOf = async (seriesId: string) => {
      const seriesUid = await uidOf(seriesId);
      const sop = results.find((r) => r.seriesInstanceUid === seriesUid)!.sopInstanceUid!;
      return `${base}/series/${seriesUid}/instances/${sop}/frames/1`;
    };
    /** The study's series that QIDO lists to the reader, or the status when it answers otherwise. */
    const listed = async () => {
      const res = await raw(`${base}/series`, reader);
      return res.status === 200 ? ((await res.json()) as Record<string, { Value?: string[] }>[]).map((s) => s['0020000E']!.Value![0]) : res.status;
    };
    expect(await status(`${base}/series/${await uidOf(mine!)}/metadata`)).toBe(200);
    expect(await status(`${base}/series/${await uidOf(theirs!)}/metadata`)).toBe(404);
    expect(await status(await frameOf(mine!))).toBe(200);
    expect(await status(await frameOf(theirs!))).toBe(404);
    expect(await listed()).toEqual([await uidOf(mine!)]);
    const studyMetadata = (await (await raw(`${base}/metadata`, reader)).json()) as Record<string, { Value?: string[] }>[];
    expect(studyMetadata.map((m) => m['0020000E']!.Value![0])).toEqual([await uidOf(mine!), await uidOf(mine!)]);

    await db().series.update({ where: { id: mine! }, data: { needsPixelReview: true } });
    expect(await status(`${base}/series/${await uidOf(mine!)}/metadata`)).toBe(404);
    expect(await status(await frameOf(mine!))).toBe(404);
    expect(await listed()).toBe(404); // nothing of the study is the reader's to see now
    expect((await raw(`${base}/series/${await uidOf(mine!)}/metadata`, world.users.MANAGER)).status).toBe(200);
    await pm.ingest.clearPixelReview({ ...world.scope, seriesId: mine! });
    expect(await status(`${base}/series/${await uidOf(mine!)}/metadata`)).toBe(200);
    expect(await status(await frameOf(mine!))).toBe(200);
    expect(await listed()).toEqual([await uidOf(mine!)]);

    await pm.project.removeMember({ ...world.scope, userId: reader.id });
    expect(await status(`${base}/series/${await uidOf(mine!)}/metadata`)).toBe(404);
    expect(await status(`/dicomweb/${world.scope.orgSlug}/${world.scope.projectId}/studies`)).toBe(404);
  });
});

describe('[DICOMWEB] served straight from the production server', () => {
  it('answers HEAD without a body, a malformed path with 400, and carries the site\'s security headers on every answer', { timeout: 60_000 }, async () => {
    const world = await projectWorld();
    const { results } = await ingestAs(world.users.MANAGER, world.scope, MR.slice(0, 1));
    const base = `/dicomweb/${world.scope.orgSlug}/${world.scope.projectId}`;
    const r = results[0]!;
    const frame = `${base}/studies/${r.studyInstanceUid}/series/${r.seriesInstanceUid}/instances/${r.sopInstanceUid}/frames/1`;
    const get = await raw(frame, world.users.MANAGER);
    expect(get.status).toBe(200);
    expect((await get.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const head = await raw(frame, world.users.MANAGER, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    expect((await raw(`/dicomweb/${world.scope.orgSlug}/%E0%A4%A/studies`, world.users.MANAGER)).status).toBe(400);
    // JSON goes gzipped to a client that takes it; pixel data as stored.
    const metadata = await raw(`${base}/studies/${r.studyInstanceUid}/metadata`, world.users.MANAGER, { headers: { 'accept-encoding': 'gzip' } });
    expect(metadata.headers.get('content-encoding')).toBe('gzip');
    expect(((await metadata.json()) as { '00080018': { Value: string[] } }[])[0]!['00080018'].Value).toEqual([r.sopInstanceUid]);
    expect((await raw(`${base}/studies/${r.studyInstanceUid}/metadata`, world.users.MANAGER, { headers: { 'accept-encoding': 'identity' } })).headers.get('content-encoding')).toBeNull();
    expect(get.headers.get('content-encoding')).toBeNull();
    // A short answer goes as it is: gzip would not shrink it.
    const missing = await raw(`${base}/studies/1.2.3/metadata`, world.users.MANAGER, { headers: { 'accept-encoding': 'gzip' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-encoding')).toBeNull();
    expect(((await missing.json()) as { error: string }).error).toBe('Not found');
    for (const res of [get, head, await raw(`${base}/studies`, null), await raw(`${base}/studies`, world.users.outsider)]) {
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('[DICOMWEB] frames as a single part', () => {
  it('answers a client that accepts only application/octet-stream (header or accept parameter) with the frame itself, others with multipart; several frames single-part: 406', { timeout: 60_000 }, async () => {
    const world = await projectWorld();
    const { results } = await ingestAs(world.users.MANAGER, world.scope, MR.slice(0, 1));
    const r = results[0]!;
    const frame = `/dicomweb/${world.scope.orgSlug}/${world.scope.projectId}/studies/${r.studyInstanceUid}/series/${r.seriesInstanceUid}/instances/${r.sopInstanceUid}/frames/1`;
    const multi = await raw(frame, world.users.MANAGER, { headers: { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } });
    const contentType = multi.headers.get('content-type')!;
    expect(contentType).toMatch(/^multipart\/related/);
    const [part] = parseMultipart(new Uint8Array(await multi.arrayBuffer()), contentType);
    for (const [url, accept] of [[frame, 'application/octet-stream; transfer-syntax=*'], [`${frame}?accept=application/octet-stream`, '*/*']] as const) {
      const single = await raw(url, world.users.MANAGER, { headers: { accept } });
      expect(single.status).toBe(200);
      expect(single.headers.get('content-type')).toBe(part!.contentType);
      expect(single.headers.get('vary')).toBe('Accept');
      expect(Buffer.from(await single.arrayBuffer()).equals(Buffer.from(part!.bytes))).toBe(true);
      expect(single.headers.get('etag')).not.toBe(multi.headers.get('etag'));
    }
    // A wildcard or a multipart range keeps the multipart answer; the parameter wins over the header.
    for (const accept of ['*/*', 'application/octet-stream, multipart/related; type="application/octet-stream"']) {
      expect((await raw(frame, world.users.MANAGER, { headers: { accept } })).headers.get('content-type')).toMatch(/^multipart\/related/);
    }
    expect((await raw(`${frame}?accept=multipart/related`, world.users.MANAGER, { headers: { accept: 'application/octet-stream' } })).headers.get('content-type')).toMatch(/^multipart\/related/);
    expect((await raw(frame.replace(/frames\/1$/, 'frames/1,1'), world.users.MANAGER, { headers: { accept: 'application/octet-stream' } })).status).toBe(406);
    // Same authorization as every other request.
    expect((await raw(`${frame}?accept=application/octet-stream`, world.users.outsider)).status).toBe(404);
    expect((await raw(`${frame}?accept=application/octet-stream`, null)).status).toBe(401);
  });
});

describe('[DICOMWEB] the scope of frame requests', () => {
  it('is remembered two seconds per session and project, then follows a change of membership; other requests see it at once', { timeout: 60_000 }, async () => {
    const world = await projectWorld();
    const session = await openSession(world.users.LEAD.id, '127.0.0.1');
    const actor = { id: world.users.LEAD.id, email: world.users.LEAD.email, name: world.users.LEAD.name, sessionId: session.id };
    const t = Date.now();
    expect(await frameScope(actor, world.scope.orgSlug, world.scope.projectId, t)).toMatchObject({ role: 'LEAD' });
    await (await world.as(world.users.MANAGER)).project.removeMember({ ...world.scope, userId: world.users.LEAD.id });
    expect(await imageScope(actor, world.scope.orgSlug, world.scope.projectId)).toBeNull();
    expect(await frameScope(actor, world.scope.orgSlug, world.scope.projectId, t + 1000)).toMatchObject({ role: 'LEAD' });
    expect(await frameScope(actor, world.scope.orgSlug, world.scope.projectId, t + 2001)).toBeNull();
    // Another session of the same user is resolved on its own.
    const other = await openSession(world.users.LEAD.id, '127.0.0.1');
    expect(await frameScope({ ...actor, sessionId: other.id }, world.scope.orgSlug, world.scope.projectId, t + 1000)).toBeNull();
  });
});

describe('[DICOMWEB] STOW-RS, WADO-URI and view auditing', () => {
  it('stores good parts, names the bad ones, serves byte ranges, audits a study view once per session', { timeout: 120_000 }, async () => {
    const world = await projectWorld();
    const base = `/dicomweb/${world.scope.orgSlug}/${world.scope.projectId}`;
    const good = fs.readFileSync(MR[1]!);
    const body = Buffer.concat([
      Buffer.from('--b0\r\nContent-Type: application/dicom\r\n\r\n'), good,
      Buffer.from('\r\n--b0\r\nContent-Type: application/dicom\r\n\r\nnot dicom at all\r\n--b0--\r\n'),
    ]);
    const res = await raw(`${base}/studies`, world.users.MANAGER, { method: 'POST', headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=b0' }, body });
    expect(res.status).toBe(202);
    const json = (await res.json()) as Record<string, { Value: Record<string, { Value: unknown[] }>[] }>;
    expect(json['00081199']!.Value).toHaveLength(1);
    expect(String(json['00081198']!.Value[0]!['00000902']!.Value[0])).toMatch(/Not a DICOM file/);
    const sop = json['00081199']!.Value[0]!['00081155']!.Value[0] as string;

    const manager = world.users.MANAGER;
    const { cookie } = await sessionCookie(manager);
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { headers: { cookie, ...headers } });
    const full = await get(`${base}/wado?requestType=WADO&objectUID=${sop}&contentType=application/dicom`);
    expect(full.status).toBe(200);
    const bytes = Buffer.from(await full.arrayBuffer());
    const part = await get(`${base}/wado?requestType=WADO&objectUID=${sop}`, { range: 'bytes=128-131' });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('DICM');
    expect(bytes.subarray(128, 132).toString('latin1')).toBe('DICM');
    const etag = full.headers.get('etag')!;
    expect((await get(`${base}/wado?requestType=WADO&objectUID=${sop}`, { 'if-none-match': etag })).status).toBe(304);

    const study = await db().study.findFirstOrThrow({ where: { projectId: world.scope.projectId }, select: { id: true } });
    const views = await db().auditEvent.count({ where: { actorId: manager.id, action: 'study.viewed', targetId: study.id } });
    expect(views).toBe(1);
  });
});

describe('[DICOMWEB] rendered images and thumbnails', () => {
  it('renders pixel data as PNG (windowed like the viewer opens it; compressed frames decoded), thumbnails at most 128 pixels; says why an image is not drawn; 404 and 401 as for everything else', { timeout: 120_000 }, async () => {
    const world = await projectWorld();
    const { results } = await ingestAs(world.users.MANAGER, world.scope, [...MR, J2K, COLOUR_JPEG_LS]);
    expect(results.every((r) => r.outcome === 'ACCEPTED')).toBe(true);
    const base = `/dicomweb/${world.scope.orgSlug}/${world.scope.projectId}`;
    const series = await db().series.findFirstOrThrow({ where: { projectId: world.scope.projectId, modality: 'MR' }, select: { seriesInstanceUid: true, study: { select: { studyInstanceUid: true } } } });
    const seriesPath = `${base}/studies/${series.study.studyInstanceUid}/series/${series.seriesInstanceUid}`;
    const pm = world.users.MANAGER;

    // The series thumbnail is its middle instance's, scaled down; the instance's rendered image is full size.
    const instances = await db().instance.findMany({ where: { series: { seriesInstanceUid: series.seriesInstanceUid } }, orderBy: { instanceNumber: 'asc' }, select: { sopInstanceUid: true, rows: true, columns: true, blobKey: true } });
    const middle = instances[Math.floor(instances.length / 2)]!;
    const thumb = await raw(`${seriesPath}/thumbnail`, pm, { headers: { accept: 'image/png' } });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/png');
    const t = decodePng(Buffer.from(await thumb.arrayBuffer()));
    expect(Math.max(t.width, t.height)).toBe(128);
    const rendered = await raw(`${seriesPath}/instances/${middle.sopInstanceUid}/rendered`, pm);
    const r = decodePng(Buffer.from(await rendered.arrayBuffer()));
    expect([r.width, r.height]).toEqual([middle.columns, middle.rows]);
    // The PNG carries exactly the display values of the stored file as read for the model tools (encoder round trip, instance choice).
    const expected = dicomSlice((await blobStore().get(middle.blobKey))!);
    expect(Buffer.from(r.data).equals(Buffer.from(expected.data))).toBe(true);
    // The thumbnail is the area average of the rendered image: same mean to within rounding.
    const mean = (d: Uint8Array) => d.reduce((s, v) => s + v, 0) / d.length;
    expect(Math.abs(mean(t.data) - mean(r.data))).toBeLessThan(1.5);
    expect(mean(r.data)).toBeGreaterThan(10); // a head, not a blank frame
    // The study thumbnail is that of its first series; the instance thumbnail works too.
    expect((await raw(`${base}/studies/${series.study.studyInstanceUid}/thumbnail`, pm)).status).toBe(200);
    expect((await raw(`${seriesPath}/instances/${middle.sopInstanceUid}/thumbnail`, pm)).status).toBe(200);

    // A JPEG 2000 instance is decoded for its picture: the same as the native CT's; the stored file stays compressed.
    const renderedOf = async (transferSyntaxUid: string) => {
      const row = await db().instance.findFirstOrThrow({ where: { projectId: world.scope.projectId, transferSyntaxUid }, select: { sopInstanceUid: true, series: { select: { seriesInstanceUid: true, study: { select: { studyInstanceUid: true } } } } } });
      return raw(`${base}/studies/${row.series.study.studyInstanceUid}/series/${row.series.seriesInstanceUid}/instances/${row.sopInstanceUid}/rendered`, pm);
    };
    const j2k = await renderedOf('1.2.840.10008.1.2.4.90');
    expect(j2k.status).toBe(200);
    const nativeCt = dicomSlice(fs.readFileSync(`${FIXTURES.transferSyntaxes}/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm`));
    expect(Buffer.from(decodePng(Buffer.from(await j2k.arrayBuffer())).data).equals(Buffer.from(nativeCt.data))).toBe(true);
    // A colour image is not drawn here, and the answer says why.
    const refused = await renderedOf('1.2.840.10008.1.2.4.80');
    expect(refused.status).toBe(406);
    expect(await refused.text()).toMatch(/3 samples of 8 bits per pixel/);

    // Only PNG; and the same access rules as every other resource.
    expect((await raw(`${seriesPath}/thumbnail`, pm, { headers: { accept: 'image/jpeg' } })).status).toBe(406);
    expect((await raw(`${seriesPath}/thumbnail`, null)).status).toBe(401);
    expect((await raw(`${seriesPath}/thumbnail`, world.users.outsider)).status).toBe(404);
    expect((await raw(`${seriesPath}/thumbnail`, world.users.READER)).status).toBe(404);
    const etag = thumb.headers.get('etag')!;
    expect((await raw(`${seriesPath}/thumbnail`, pm, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });
});
