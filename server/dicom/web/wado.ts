import { Readable } from 'node:stream';
import { db } from '../../db/client';
import { dicomwebRepository } from '../../db/repositories/dicomweb.repository';
import type { ImageScope } from '../../domain/ingest/image-access';
import { renderPng } from '../../imaging/rendered';
import { blobStore } from '../blob-store';
import type { Range } from '../frames';
import { audited, jsonText, notFound, problem } from './responses';
import { multipartRelated } from './multipart';

type Where = { studyInstanceUid?: string; seriesInstanceUid?: string; sopInstanceUid?: string };
const IMMUTABLE = 'private, max-age=31536000, immutable';

async function find(scope: ImageScope, where: Where) {
  const rows = await dicomwebRepository.instances(db(), scope.orgId, scope.projectId, scope.visible, where);
  if (rows.length) await audited(scope, rows.map((r) => r.series.study.id));
  return rows;
}

/** WADO-RS retrieve of a study, series or instance: the stored files, streamed one part at a time. */
export async function retrieveInstances(request: Request, scope: ImageScope, where: Where): Promise<Response> {
  const rows = await find(scope, where);
  if (!rows.length) return notFound();
  const etag = rows.length === 1 ? `"${rows[0]!.blobKey}"` : null;
  if (etag && request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
  const blobs = blobStore();
  const { body, contentType } = multipartRelated(
    'application/dicom',
    rows.map((r) => ({ contentType: `application/dicom; transfer-syntax=${r.transferSyntaxUid}`, body: async () => (await blobs.get(r.blobKey)) ?? new Uint8Array(0) })),
  );
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': etag ? IMMUTABLE : 'private, no-cache', ...(etag ? { etag } : {}) } });
}

/**
 * WADO-RS metadata: the DICOM JSON of each instance as stored, with pixel data as a bulk data
 * reference. The stored JSON is passed through as text (a series' is most of a megabyte).
 */
export async function retrieveMetadata(scope: ImageScope, where: Where, base: string): Promise<Response> {
  const rows = await dicomwebRepository.metadata(scope.orgId, scope.projectId, scope.visible, where);
  if (!rows.length) return notFound();
  await audited(scope, rows.map((r) => r.studyId));
  const parts = rows.map(({ json, pixels, ...r }) => {
    if (!pixels) return json;
    const url = `${base}/studies/${r.studyInstanceUid}/series/${r.seriesInstanceUid}/instances/${r.sopInstanceUid}`;
    // The stored object has no pixel data attribute (ingest leaves it out): its reference goes last.
    const bulk = `"7FE00010":${JSON.stringify({ vr: 'OB', BulkDataURI: `${url}/frames/1` })}`;
    return json === '{}' ? `{${bulk}}` : `${json.slice(0, -1)},${bulk}}`;
  });
  return jsonText(`[${parts.join(',')}]`);
}

/**
 * WADO-RS frames: each requested frame's bytes as stored (compressed frames stay compressed), in a
 * multipart/related body, or, when the client accepts only a single part (`application/octet-stream`
 * in the Accept header or the standard's `accept` query parameter) and asks for one frame, as the
 * body itself: the viewer asks that way, because finding a multipart boundary in a large
 * uncompressed frame cost its page about as much as the rest of loading the image.
 */
export async function retrieveFrames(request: Request, url: URL, scope: ImageScope, where: Required<Where>, list: string): Promise<Response> {
  const row = await dicomwebRepository.frameSource(scope.orgId, scope.projectId, scope.visible, where);
  if (!row) return notFound();
  await audited(scope, [row.studyId]);
  const frames = row.frames as Range[][];
  const wanted = list.split(',').map((s) => parseInt(s, 10));
  if (wanted.some((n) => !Number.isInteger(n) || n < 1 || n > frames.length)) return problem(404, `Frames are numbered 1 to ${frames.length}`);
  const single = singlePartOnly(request, url);
  if (single && wanted.length > 1) return problem(406, 'Several frames come only as multipart/related: accept it, or ask for one frame');
  const etag = `"${row.blobKey}-${wanted.join(',')}${single ? '-single' : ''}"`;
  const cache = { etag, 'cache-control': IMMUTABLE, vary: 'Accept' };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: cache });
  const blobs = blobStore();
  const frame = async (n: number) => Buffer.concat(await Promise.all(frames[n - 1]!.map(([offset, length]) => blobs.read(row.blobKey, offset, length))));
  // Frames go out as stored; the transfer-syntax parameter tells the client how to decode them.
  const mediaType = `application/octet-stream; transfer-syntax=${row.transferSyntaxUid}`;
  if (single) return new Response(await frame(wanted[0]!), { headers: { 'content-type': mediaType, ...cache } });
  const { body, contentType } = multipartRelated(
    'application/octet-stream',
    wanted.map((n) => ({ contentType: mediaType, body: () => frame(n) })),
  );
  return new Response(body, { headers: { 'content-type': contentType, ...cache } });
}

/**
 * Whether the client takes only a single-part answer: it names application/octet-stream and no
 * multipart or wildcard range. The `accept` query parameter (PS3.18 8.3.3.1) overrides the header.
 */
function singlePartOnly(request: Request, url: URL): boolean {
  const accept = url.searchParams.get('accept') ?? request.headers.get('accept') ?? '*/*';
  const ranges = accept.split(',').map((r) => r.split(';')[0]!.trim().toLowerCase());
  return ranges.includes('application/octet-stream') && !ranges.some((r) => r.startsWith('multipart/') || r === '*/*');
}

/** WADO-URI (PS3.18 9): one object as application/dicom, with byte ranges for large files. */
export async function wadoUri(request: Request, url: URL, scope: ImageScope): Promise<Response> {
  const get = (k: string) => url.searchParams.get(k) ?? undefined;
  if (get('requestType') !== 'WADO' || !get('objectUID')) return problem(400, 'requestType=WADO and objectUID are required');
  const type = get('contentType') ?? 'application/dicom';
  if (type !== 'application/dicom') return problem(406, 'Only contentType=application/dicom is served');
  const [row] = await find(scope, { studyInstanceUid: get('studyUID'), seriesInstanceUid: get('seriesUID'), sopInstanceUid: get('objectUID') });
  if (!row) return notFound();
  const etag = `"${row.blobKey}"`;
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
  const headers: Record<string, string> = { 'content-type': 'application/dicom', etag, 'cache-control': IMMUTABLE, 'accept-ranges': 'bytes' };
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') ?? '');
  const toWeb = (s: Readable) => Readable.toWeb(s) as ReadableStream<Uint8Array>;
  if (range && (range[1] || range[2])) {
    const size = row.size;
    const start = range[1] ? parseInt(range[1], 10) : Math.max(0, size - parseInt(range[2]!, 10));
    const end = range[1] && range[2] ? Math.min(size - 1, parseInt(range[2], 10)) : size - 1;
    if (start > end || start >= size) return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
    return new Response(toWeb(blobStore().stream(row.blobKey, { start, end })), { status: 206, headers: { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) } });
  }
  return new Response(toWeb(blobStore().stream(row.blobKey)), { headers: { ...headers, 'content-length': String(row.size) } });
}

/** Whether a request's Accept header takes a PNG (no header: anything goes). */
function acceptsPng(request: Request) {
  const accept = request.headers.get('accept');
  return !accept || /(^|,)\s*(image\/png|image\/\*|\*\/\*)\s*(;|,|$)/.test(accept);
}

/**
 * WADO-RS rendered and thumbnail resources (PS3.18 10.4, 10.7) as PNG: of an instance, or of the
 * middle instance of a series (of the study's lowest-numbered series for a study thumbnail).
 */
export async function retrieveRendered(request: Request, scope: ImageScope, where: Where, kind: 'rendered' | 'thumbnail'): Promise<Response> {
  if (!acceptsPng(request)) return problem(406, 'Rendered images are served as image/png');
  const rows = await find(scope, where);
  if (!rows.length) return notFound();
  const seriesId = [...rows].sort((x, y) => (x.series.seriesNumber ?? Infinity) - (y.series.seriesNumber ?? Infinity))[0]!.series.id;
  const inSeries = rows.filter((r) => r.series.id === seriesId); // in instance-number order
  const row = inSeries[Math.floor(inSeries.length / 2)]!;
  const etag = `"${row.blobKey}-${kind}"`;
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
  const file = await blobStore().get(row.blobKey);
  if (!file) return notFound();
  const out = await renderPng(file, kind === 'thumbnail');
  if ('reason' in out) return problem(406, `This image cannot be rendered here: ${out.reason}`);
  return new Response(new Uint8Array(out.png), { headers: { 'content-type': 'image/png', etag, 'cache-control': IMMUTABLE } });
}
