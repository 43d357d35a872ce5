import fs from 'node:fs';
import path from 'node:path';
import dicomParser from 'dicom-parser';
import { encode } from 'next-auth/jwt';
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

/** Every file under a folder (recursively), data files only. */
export function filesIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return filesIn(p);
    return /\.(md|txt)$/i.test(d.name) ? [] : [p];
  }).sort();
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
  const ctx = await batchContext({ id: user.id, email: user.email, name: user.name, sessionId: session.id } as never, batchId);
  const results: IngestFileResult[] = [];
  for (const f of files) {
    const file = typeof f === 'string' ? { name: path.basename(f), bytes: fs.readFileSync(f) } : f;
    results.push(await ingestFile(ctx, file));
  }
  await drain(seriesRefreshJob, refreshSeries);
  return { batchId, results };
}
