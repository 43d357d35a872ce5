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
  const original = open(row.sealed, studyInstanceUid);
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'study.reidentified', targetType: 'study', targetId: studyInstanceUid, data: { projectId: ctx.projectId, pseudonym: row.pseudonym } });
  return { ...original, pseudonym: row.pseudonym };
}
