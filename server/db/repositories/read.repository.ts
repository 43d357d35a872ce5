/* ── TENANT SCOPE ── every method takes orgId and filters on it. ── */
import type { Prisma } from '@prisma/client';
import type { Db, Tx } from '../client';
import { bytes } from './bytes';


export interface NewRead {
  orgId: string;
  projectId: string;
  caseId: string;
  assignmentId: string;
  readerId: string;
  schemaVersion: number;
  snapshot: Uint8Array;
  answers: { questionId: string; value: Prisma.InputJsonValue }[];
  findings: Omit<Prisma.FindingCreateManyInput, 'readId'>[];
  masks: (Omit<Prisma.MaskCreateManyInput, 'readId' | 'voxels'> & { voxels: Uint8Array })[];
  assists: Omit<Prisma.ModelAssistCreateManyInput, 'readId' | 'orgId' | 'projectId'>[];
  /** The case's shared read (a collaborative project): it replaces the case's current read, whoever submitted that. */
  shared?: boolean;
}

export const readRepository = {
  /** Adds the next revision of an assignment's read and supersedes the previous one (of the case, for a shared read). */
  async create(tx: Tx, r: NewRead, now: Date) {
    const last = await tx.read.findFirst({ where: { orgId: r.orgId, assignmentId: r.assignmentId }, orderBy: { revision: 'desc' }, select: { revision: true } });
    const replaced = r.shared ? { caseId: r.caseId } : { assignmentId: r.assignmentId };
    await tx.read.updateMany({ where: { orgId: r.orgId, ...replaced, supersededAt: null }, data: { supersededAt: now } });
    const read = await tx.read.create({
      data: {
        orgId: r.orgId,
        projectId: r.projectId,
        caseId: r.caseId,
        assignmentId: r.assignmentId,
        readerId: r.readerId,
        schemaVersion: r.schemaVersion,
        revision: (last?.revision ?? 0) + 1,
        snapshot: bytes(r.snapshot),
        submittedAt: now,
      },
      select: { id: true, revision: true },
    });
    if (r.answers.length) await tx.readAnswer.createMany({ data: r.answers.map((a) => ({ ...a, readId: read.id })) });
    if (r.findings.length) await tx.finding.createMany({ data: r.findings.map((f) => ({ ...f, readId: read.id })) });
    for (const m of r.masks) await tx.mask.create({ data: { ...m, voxels: bytes(m.voxels), readId: read.id }, select: { id: true } });
    if (r.assists.length) await tx.modelAssist.createMany({ data: r.assists.map((a) => ({ ...a, readId: read.id, orgId: r.orgId, projectId: r.projectId })) });
    return read;
  },

  /** The current (not superseded) reads of a case with everything materialised. */
  currentOfCase(client: Db | Tx, orgId: string, caseId: string) {
    return client.read.findMany({
      where: { orgId, caseId, supersededAt: null },
      orderBy: { submittedAt: 'asc' },
      select: { id: true, assignmentId: true, readerId: true, revision: true, schemaVersion: true, submittedAt: true, answers: true, findings: true, masks: true },
    });
  },

  /** The readers of the case's current reads, in submission order (their aliases), with the label schema versions they read under; no read content: this is on the per-update access check. */
  schemaVersionsOfCase(client: Db, orgId: string, caseId: string) {
    return client.read.findMany({ where: { orgId, caseId, supersededAt: null }, orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }], select: { schemaVersion: true, readerId: true } });
  },

  /** The current reads of a case as their annotation documents were submitted. */
  snapshotsOfCase(client: Db, orgId: string, caseId: string) {
    return client.read.findMany({ where: { orgId, caseId, supersededAt: null }, orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }], select: { id: true, readerId: true, snapshot: true } });
  },

  revisions(client: Db | Tx, orgId: string, assignmentId: string) {
    return client.read.findMany({ where: { orgId, assignmentId }, orderBy: { revision: 'asc' }, select: { id: true, revision: true, snapshot: true, supersededAt: true } });
  },
};

export const seriesGeometryRepository = {
  /** The instances of a series with what places their frames in patient space. */
  slices(client: Db | Tx, orgId: string, projectId: string, seriesUid: string) {
    return client.instance.findMany({
      where: { orgId, projectId, series: { seriesInstanceUid: seriesUid } },
      select: { sopInstanceUid: true, rows: true, columns: true, numberOfFrames: true, imagePosition: true, imageOrientation: true, pixelSpacing: true, sliceThickness: true, instanceNumber: true },
    });
  },
};

export const modelAssistRepository = {
  /** Decisions on proposals in the project's current reads. */
  ofProject(client: Db | Tx, orgId: string, projectId: string) {
    return client.modelAssist.findMany({
      where: { orgId, projectId, read: { supersededAt: null } },
      select: { model: true, version: true, prompt: true, outcome: true, labelId: true, dice: true, latencyMs: true, proposalPixels: true, finalPixels: true },
    });
  },
};
