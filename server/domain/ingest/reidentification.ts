import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { env } from '../../config/env';
import type { PreparedInstance } from '../../dicom/prepare';
import { db } from '../../db/client';
import { DomainError, notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';

export type OriginalIdentifiers = PreparedInstance['original'];

function key(): Buffer {
  const k = env().CONCORD_REID_KEY;
  if (!k) throw new DomainError('PRECONDITION_FAILED', 'Re-identification needs CONCORD_REID_KEY on the server');
  return Buffer.from(k, 'base64');
}

/** AES-256-GCM: iv (12 bytes) | ciphertext | tag (16 bytes). The study's stored UID is the associated data, so a record cannot be moved to another study. */
export function seal(original: OriginalIdentifiers, studyInstanceUid: string, k = key()): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', k, iv).setAAD(Buffer.from(studyInstanceUid));
  const body = Buffer.concat([cipher.update(JSON.stringify(original), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** The keys a record may have been sealed with: the current one first, then CONCORD_REID_OLD_KEYS. */
function keyRing(): Buffer[] {
  const e = env();
  return [e.CONCORD_REID_KEY, ...(e.CONCORD_REID_OLD_KEYS?.split(',') ?? [])].filter((k): k is string => Boolean(k?.trim())).map((k) => Buffer.from(k.trim(), 'base64'));
}

/** Opens a record with whichever known key sealed it; null when none does (a key the server no longer has). */
function openWithRing(sealed: Uint8Array, studyInstanceUid: string): { original: OriginalIdentifiers; current: boolean } | null {
  const ring = keyRing();
  for (const [i, k] of ring.entries()) {
    try {
      return { original: open(sealed, studyInstanceUid, k), current: i === 0 && Boolean(env().CONCORD_REID_KEY) };
    } catch {
      // GCM's tag check fails for any other key: try the next one.
    }
  }
  return null;
}

export function open(sealed: Uint8Array, studyInstanceUid: string, k = key()): OriginalIdentifiers {
  const b = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', k, b.subarray(0, 12)).setAAD(Buffer.from(studyInstanceUid));
  decipher.setAuthTag(b.subarray(b.length - 16));
  return JSON.parse(Buffer.concat([decipher.update(b.subarray(12, b.length - 16)), decipher.final()]).toString('utf8')) as OriginalIdentifiers;
}

/** Keeps a study's original identifiers, encrypted (the first instance of a study writes them; later ones leave them). */
export async function keepOriginal(ctx: { orgId: string; projectId: string }, prepared: PreparedInstance) {
  await db().reidentification.upsert({
    where: { projectId_studyInstanceUid: { projectId: ctx.projectId, studyInstanceUid: prepared.studyInstanceUid } },
    create: { orgId: ctx.orgId, projectId: ctx.projectId, studyInstanceUid: prepared.studyInstanceUid, pseudonym: prepared.patientId, sealed: new Uint8Array(seal(prepared.original, prepared.studyInstanceUid)) },
    update: {},
  });
}

/** The original identifiers of a stored study, for an org owner or admin only; every read is audited. */
export async function reidentify(ctx: ProjectContext, studyInstanceUid: string): Promise<OriginalIdentifiers & { pseudonym: string }> {
  if (ctx.role !== 'OWNER' && ctx.role !== 'ADMIN') throw new DomainError('FORBIDDEN', 'Only the organization’s owners and admins can re-identify a study');
  const row = await db().reidentification.findFirst({ where: { orgId: ctx.orgId, projectId: ctx.projectId, studyInstanceUid } });
  if (!row) throw notFound('Re-identification record');
  const opened = openWithRing(row.sealed, studyInstanceUid);
  if (!opened) throw new DomainError('PRECONDITION_FAILED', 'This study’s identifiers were sealed with a key the server no longer has (see CONCORD_REID_OLD_KEYS)');
  const original = opened.original;
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'study.reidentified', targetType: 'study', targetId: studyInstanceUid, data: { projectId: ctx.projectId, pseudonym: row.pseudonym } });
  return { ...original, pseudonym: row.pseudonym };
}

export interface RotationReport {
  current: number;
  resealed: number;
  /** Records no known key opens: left as they are. */
  unreadable: { projectId: string; studyInstanceUid: string }[];
}

/**
 * Re-seals every record that an old key (CONCORD_REID_OLD_KEYS) opens with the current key, so the
 * old key can then be retired. Records are read in pages; a record changed meanwhile is left to
 * the next run. Each organization's audit trail records how many of its records were re-sealed.
 */
export async function rotateReidentificationKey(): Promise<RotationReport> {
  key(); // the new key must be there
  const report: RotationReport = { current: 0, resealed: 0, unreadable: [] };
  const perOrg = new Map<string, number>();
  for (let cursor: string | undefined; ; ) {
    const page = await db().reidentification.findMany({ orderBy: { id: 'asc' }, take: 500, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });
    if (!page.length) break;
    cursor = page[page.length - 1]!.id;
    for (const row of page) {
      const opened = openWithRing(row.sealed, row.studyInstanceUid);
      if (!opened) report.unreadable.push({ projectId: row.projectId, studyInstanceUid: row.studyInstanceUid });
      else if (opened.current) report.current++;
      else {
        const resealed = new Uint8Array(seal(opened.original, row.studyInstanceUid));
        const { count } = await db().reidentification.updateMany({ where: { id: row.id, sealed: { equals: row.sealed } }, data: { sealed: resealed } });
        report.resealed += count;
        perOrg.set(row.orgId, (perOrg.get(row.orgId) ?? 0) + count);
      }
    }
  }
  for (const [orgId, resealed] of perOrg) {
    await recordAudit({ orgId, action: 'reidentification.key_rotated', targetType: 'organization', targetId: orgId, data: { resealed } });
  }
  return report;
}
