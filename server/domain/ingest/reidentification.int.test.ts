import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { reloadEnv } from '../../config/env';
import { db } from '../../db/client';
import { parseDicom, stringValue } from '../../dicom/parse';
import { T } from '../../dicom/tags';
import { FIXTURES, filesIn, ingestAs } from '../../testing/dicom';
import { projectWorld } from '../../testing/project-world';
import { cli } from '../../testing/cli';
import { open, seal } from './reidentification';

const FILES = filesIn(FIXTURES.mrSeries).slice(30, 32);
const source = parseDicom(fs.readFileSync(FILES[0]!));
const originalId = stringValue(source.dataset.find((e) => e.tag === T.PatientID));
const originalName = stringValue(source.dataset.find((e) => e.tag === T.PatientName));

function withKey(key: string | undefined, oldKeys?: string) {
  if (key) process.env.CONCORD_REID_KEY = key;
  else delete process.env.CONCORD_REID_KEY;
  if (oldKeys) process.env.CONCORD_REID_OLD_KEYS = oldKeys;
  else delete process.env.CONCORD_REID_OLD_KEYS;
  reloadEnv();
}
afterEach(() => withKey(undefined));

async function settingsOf(w: Awaited<ReturnType<typeof projectWorld>>, reidentification: boolean) {
  const pm = await w.as(w.users.MANAGER);
  const p = await pm.project.get(w.scope);
  return pm.project.updateSettings({ ...w.scope, name: p.name, description: p.description, modality: p.modality, readersPerCase: p.readersPerCase, blinded: p.blinded, consensusMethod: p.consensusMethod, autoAcceptThreshold: p.autoAcceptThreshold, deidentification: { ...p.deidentification, reidentification } });
}

describe('[INGEST] pseudonymisation with re-identification', () => {
  it('is off by default: nothing of the original identity is stored anywhere', { timeout: 60_000 }, async () => {
    expect(originalId).not.toBe('');
    const w = await projectWorld();
    await ingestAs(w.users.MANAGER, w.scope, FILES);
    expect(await db().reidentification.count({ where: { projectId: w.scope.projectId } })).toBe(0);
    const stored = await db().instance.findMany({ where: { projectId: w.scope.projectId }, select: { metadata: true } });
    expect(JSON.stringify(stored)).not.toContain(originalId);
  });

  it('cannot be switched on without a key on the server; the settings stay as they were', { timeout: 60_000 }, async () => {
    const w = await projectWorld();
    await expect(settingsOf(w, true)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/CONCORD_REID_KEY/) });
    expect((await (await w.as(w.users.MANAGER)).project.get(w.scope)).deidentification.reidentification).toBe(false);
  });

  it('keeps each study’s original identifiers encrypted; org owners and admins read them, audited; nobody else', { timeout: 60_000 }, async () => {
    withKey(randomBytes(32).toString('base64'));
    const w = await projectWorld();
    await settingsOf(w, true);
    const { results } = await ingestAs(w.users.MANAGER, w.scope, FILES);
    const study = results[0]!.studyInstanceUid!;
    const rows = await db().reidentification.findMany({ where: { projectId: w.scope.projectId } });
    expect(rows).toHaveLength(1); // one study, two instances
    // Encrypted at rest: the original ID is not in the stored bytes.
    expect(Buffer.from(rows[0]!.sealed).toString('latin1')).not.toContain(originalId);

    const admin = await w.as(w.users.ADMIN);
    const got = await admin.project.reidentify({ ...w.scope, studyInstanceUid: study });
    expect(got).toMatchObject({ patientId: originalId, patientName: originalName, studyInstanceUid: stringValue(source.dataset.find((e) => e.tag === T.StudyInstanceUID)) });
    expect(got.pseudonym).toMatch(/^P-[0-9A-F]{10}$/);
    const audit = await db().auditEvent.findMany({ where: { orgId: w.org.id, action: 'study.reidentified' }, select: { actorId: true, targetId: true } });
    expect(audit).toEqual([{ actorId: w.users.ADMIN.id, targetId: study }]);

    for (const role of ['MANAGER', 'LEAD', 'READER'] as const) {
      await expect((await w.as(w.users[role])).project.reidentify({ ...w.scope, studyInstanceUid: study })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect((await w.as(w.users.outsider)).project.reidentify({ ...w.scope, studyInstanceUid: study })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db().auditEvent.count({ where: { orgId: w.org.id, action: 'study.reidentified' } })).toBe(1);

    // Another key (a lost or rotated one) cannot open it, nor can the record be moved to another study.
    expect(() => open(rows[0]!.sealed, study, randomBytes(32))).toThrow();
    expect(() => open(rows[0]!.sealed, '2.25.1')).toThrow();
  });

  it('seals and opens (AES-256-GCM, the study UID as associated data); a flipped bit is refused', () => {
    const key = randomBytes(32);
    const original = { patientId: 'X1', patientName: 'Doe^Jane', patientBirthDate: '19700101', studyInstanceUid: '1.2.3', accessionNumber: 'A9', studyDate: '20240101' };
    const sealed = seal(original, '2.25.7', key);
    expect(open(sealed, '2.25.7', key)).toEqual(original);
    sealed[20]! ^= 1;
    expect(() => open(sealed, '2.25.7', key)).toThrow();
  });

  it('rotates the key: old keys still read, `reid rotate` re-seals with the new one, records no key opens are named and left alone', { timeout: 120_000 }, async () => {
    const [a, b, lost] = [randomBytes(32), randomBytes(32), randomBytes(32)].map((k) => k.toString('base64')) as [string, string, string];
    withKey(a);
    const w = await projectWorld();
    await settingsOf(w, true);
    const { results } = await ingestAs(w.users.MANAGER, w.scope, FILES);
    const study = results[0]!.studyInstanceUid!;
    const orphan = await db().reidentification.create({
      data: { orgId: w.org.id, projectId: w.scope.projectId, studyInstanceUid: '2.25.99', pseudonym: 'P-LOST', sealed: new Uint8Array(seal({ patientId: 'L', patientName: '', patientBirthDate: '', studyInstanceUid: '9', accessionNumber: '', studyDate: '' }, '2.25.99', Buffer.from(lost, 'base64'))) },
    });
    const admin = await w.as(w.users.ADMIN);

    // New key in place, the old one listed: reading goes on before the rotation.
    withKey(b, a);
    expect(await admin.project.reidentify({ ...w.scope, studyInstanceUid: study })).toMatchObject({ patientId: originalId });
    const rotated = await cli(['reid', 'rotate', '--json'], { CONCORD_REID_KEY: b, CONCORD_REID_OLD_KEYS: a });
    expect(rotated.code).toBe(0);
    const report = JSON.parse(rotated.stdout) as { resealed: number; unreadable: { studyInstanceUid: string }[] };
    expect(report.resealed).toBeGreaterThanOrEqual(1);
    expect(report.unreadable).toContainEqual({ projectId: w.scope.projectId, studyInstanceUid: '2.25.99' });
    const row = await db().reidentification.findFirstOrThrow({ where: { projectId: w.scope.projectId, studyInstanceUid: study } });
    expect(open(row.sealed, study, Buffer.from(b, 'base64'))).toMatchObject({ patientId: originalId });
    expect(() => open(row.sealed, study, Buffer.from(a, 'base64'))).toThrow();
    expect(Buffer.from((await db().reidentification.findUniqueOrThrow({ where: { id: orphan.id } })).sealed).equals(Buffer.from(orphan.sealed))).toBe(true);
    expect(await db().auditEvent.findMany({ where: { orgId: w.org.id, action: 'reidentification.key_rotated' }, select: { data: true } })).toEqual([{ data: { resealed: 1 } }]);

    // The old key retired: still readable; a second rotation finds nothing of ours to do; the lost one says why.
    withKey(b);
    expect(await admin.project.reidentify({ ...w.scope, studyInstanceUid: study })).toMatchObject({ patientId: originalId });
    const again = await cli(['reid', 'rotate'], { CONCORD_REID_KEY: b, CONCORD_REID_OLD_KEYS: '' });
    expect(again.stdout).toMatch(/re-sealed: 0/);
    expect(again.stdout).toContain('2.25.99');
    await expect(admin.project.reidentify({ ...w.scope, studyInstanceUid: '2.25.99' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/key the server no longer has/) });
    // Without a current key there is nothing to rotate to.
    const none = await cli(['reid', 'rotate'], { CONCORD_REID_KEY: '', CONCORD_REID_OLD_KEYS: '' });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/CONCORD_REID_KEY/);
  });
});
