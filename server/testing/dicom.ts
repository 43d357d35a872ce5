import fs from 'node:fs';
import path from 'node:path';
import dicomParser from 'dicom-parser';
import { encode } from 'next-auth/jwt';
import { groupBody } from '../contracts/upload-group';
import { dot, sliceNormal } from '../contracts/vec3';
import { openSession } from '../auth/sessions';
import { authSecret } from '../config/env';
import { batchContext, ingestFile, type IngestFileResult } from '../domain/ingest/ingest';
import { refreshSeries } from '../domain/ingest/series-refresh';
import { seriesRefreshJob } from '../jobs/definitions/series-refresh';
import { drain } from '../jobs/queue';
import type { SeededUser } from '../../prisma/seed/factories';
import { callerFor } from './callers';

const root = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = {
  pydicom: path.join(root, 'server/dicom/__fixtures__/pydicom'),
  transferSyntaxes: path.join(root, 'server/dicom/__fixtures__/transfer-syntaxes'),
  mrSeries: path.join(root, 'prisma/seed/data/mr-brain-t1/t1_MPRAGEcr_noGRAPPA_19'),
};

/** Files as one grouped upload request (server/contracts/upload-group.ts), the body joined as Node sends it. */
export function uploadGroupBody(files: { name: string; bytes: Uint8Array }[], boundary: string): { body: Buffer<ArrayBuffer>; contentType: string } {
  const { pieces, contentType } = groupBody(files.map((f) => ({ name: f.name, body: f.bytes })), boundary);
  return { body: Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))), contentType };
}

/** Every file under a folder (recursively), data files only. */
export function filesIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return filesIn(p);
    return /\.(md|txt)$/i.test(d.name) ? [] : [p];
  }).sort();
}

/**
 * The value (after the modality rescale) of the pixel of a native 16-bit single-frame image
 * nearest a point in patient space, and the point's distance from the image's plane in mm: an
 * independent reading of what a probe placed there should report.
 */
export function pixelAt(bytes: Uint8Array, point: number[]): { value: number; distance: number } {
  const ds = dicomParser.parseDicom(bytes);
  const numbers = (tag: string) => (ds.string(tag) ?? '').split('\\').map(Number);
  const [ipp, iop, [rowSpacing, colSpacing]] = [numbers('x00200032'), numbers('x00200037'), numbers('x00280030')];
  const pixels = ds.elements.x7fe00010;
  if (ds.uint16('x00280100') !== 16 || !pixels || pixels.encapsulatedPixelData) throw new Error('pixelAt reads native 16-bit images only');
  const d = point.map((v, i) => v - ipp[i]!);
  const [col, row] = [Math.round(dot(d, iop.slice(0, 3)) / colSpacing!), Math.round(dot(d, iop.slice(3, 6)) / rowSpacing!)];
  const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + pixels.dataOffset, pixels.length);
  const at = 2 * (row * ds.uint16('x00280011')! + col);
  const stored = ds.uint16('x00280103') === 1 ? view.getInt16(at, true) : view.getUint16(at, true);
  return { value: stored * (ds.floatString('x00281053') ?? 1) + (ds.floatString('x00281052') ?? 0), distance: dot(d, sliceNormal(iop)) };
}

/**
 * A copy of a DICOM file with one attribute's last character changed — same length, so every
 * offset stays valid: e.g. another Series Instance UID, to make a second series of a study.
 */
export function withChangedTag(bytes: Uint8Array, tag: string, last: string): Uint8Array {
  const out = Uint8Array.from(bytes);
  const el = dicomParser.parseDicom(out).elements[tag];
  if (!el) throw new Error(`no ${tag} in the file`);
  let end = el.dataOffset + el.length - 1;
  while (out[end] === 0 || out[end] === 0x20) end--; // UI pads with NUL, IS with a space
  out[end] = last.charCodeAt(0);
  return out;
}

/** Value representations whose length field is two bytes in explicit VR (the texts and numbers a test edits). */
const SHORT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'PN', 'SH', 'TM', 'UI']);

/**
 * A copy of an explicit-VR little-endian DICOM file with one text attribute set to `text` (padded
 * to even length as the standard says: NUL for UIDs, a space otherwise). An attribute of the file
 * meta group must keep its length: its group length is not rewritten.
 */
export function withTagText(bytes: Uint8Array, tag: string, text: string): Uint8Array {
  const ds = dicomParser.parseDicom(bytes);
  if (ds.string('x00020010') !== '1.2.840.10008.1.2.1') throw new Error('withTagText edits explicit VR little endian files only');
  const el = ds.elements[tag];
  if (!el?.vr || !SHORT_VRS.has(el.vr)) throw new Error(`no text attribute ${tag} in the file`);
  const value = new TextEncoder().encode(text.length % 2 ? text + (el.vr === 'UI' ? '\0' : ' ') : text);
  if (tag.startsWith('x0002') && value.length !== el.length) throw new Error(`${tag} is in the file meta group: keep its length`);
  const out = new Uint8Array(bytes.length - el.length + value.length);
  out.set(bytes.subarray(0, el.dataOffset));
  out.set(value, el.dataOffset);
  out.set(bytes.subarray(el.dataOffset + el.length), el.dataOffset + value.length);
  new DataView(out.buffer).setUint16(el.dataOffset - 2, value.length, true);
  return out;
}

/**
 * A synthetic axial CT series of `slices` images: the one real CT slice of the fixtures repeated
 * at 0.625 mm steps, each its own instance (for benchmarks of long series; the anatomy repeats).
 */
export function syntheticCtSeries(slices: number): { name: string; bytes: Uint8Array }[] {
  if (slices > 900) throw new Error('at most 900 slices (instance UIDs keep their length)');
  const src = fs.readFileSync(path.join(FIXTURES.transferSyntaxes, 'CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm'));
  const ds = dicomParser.parseDicom(src);
  const [x, y] = ds.string('x00200032')!.split('\\').map((v) => v.trim());
  const base = ds.string('x00080018')!.split('.').slice(0, -1).join('.');
  return Array.from({ length: slices }, (_, i) => {
    const uid = `${base}.${100 + i}`; // the original ends in three digits: same length, the meta group stays valid
    const z = (-i * 0.625).toFixed(3);
    let b: Uint8Array = withTagText(src, 'x00020003', uid);
    b = withTagText(b, 'x00080018', uid);
    b = withTagText(b, 'x00200013', String(i + 1));
    b = withTagText(b, 'x00200032', `${x}\\${y}\\${z}`);
    b = withTagText(b, 'x00201041', z);
    return { name: `ct-${String(i + 1).padStart(3, '0')}.dcm`, bytes: b };
  });
}

/** A session cookie for `user`, as the browser would send it. */
export async function sessionCookie(user: { id: string }) {
  const session = await openSession(user.id, '127.0.0.1');
  const token = await encode({ token: { sid: session.id, sub: user.id }, secret: authSecret() });
  return { cookie: `next-auth.session-token=${token}`, token };
}

/** Uploads files as `user` through a browser batch, then runs the queued series jobs. */
export async function ingestAs(user: SeededUser, scope: { orgSlug: string; projectId: string }, files: string[] | { name: string; bytes: Uint8Array }[]) {
  const api = await callerFor(user);
  const { batchId } = await api.ingest.startUpload(scope);
  const session = await openSession(user.id, '127.0.0.1');
  const ctx = await batchContext({ id: user.id, email: user.email, name: user.name, sessionId: session.id }, batchId);
  const results: IngestFileResult[] = [];
  for (const f of files) {
    const file = typeof f === 'string' ? { name: path.basename(f), bytes: fs.readFileSync(f) } : f;
    results.push(await ingestFile(ctx, file));
  }
  await drain(seriesRefreshJob, refreshSeries);
  return { batchId, results };
}
