/* ── TENANT SCOPE ── every method takes orgId and filters on it. ── */
import type { ExportStatus, Prisma } from '@prisma/client';
import type { Db, Tx } from '../client';

const SUMMARY = { id: true, version: true, status: true, options: true, casesDone: true, casesTotal: true, size: true, blobKey: true, error: true, createdById: true, createdAt: true, finishedAt: true } as const;
const MASK = { labelId: true, seriesUid: true, dims: true, spacing: true, origin: true, direction: true, voxelCount: true, voxels: true } as const;

export const exportRepository = {
  /** Adds the project's next snapshot version (the caller holds the project lock). */
  async create(tx: Tx, s: { orgId: string; projectId: string; createdById: string; options: unknown }) {
    const last = await tx.exportSnapshot.findFirst({ where: { orgId: s.orgId, projectId: s.projectId }, orderBy: { version: 'desc' }, select: { version: true } });
    return tx.exportSnapshot.create({ data: { ...s, options: s.options as Prisma.InputJsonValue, version: (last?.version ?? 0) + 1 }, select: { id: true, version: true } });
  },

  /** What a snapshot records of its project. */
  project(client: Db, orgId: string, projectId: string) {
    return client.project.findFirst({ where: { orgId, id: projectId }, select: { name: true, consensusMethod: true, deidOptions: true, schemaVersion: true } });
  },

  list(client: Db, orgId: string, projectId: string, limit: number) {
    return client.exportSnapshot.findMany({ where: { orgId, projectId }, orderBy: { version: 'desc' }, take: limit, select: SUMMARY });
  },

  find(client: Db, orgId: string, exportId: string) {
    return client.exportSnapshot.findFirst({ where: { orgId, id: exportId }, select: { ...SUMMARY, projectId: true, manifest: true } });
  },

  progress(client: Db, orgId: string, exportId: string, data: { status?: ExportStatus; casesDone?: number; casesTotal?: number }) {
    return client.exportSnapshot.updateMany({ where: { orgId, id: exportId }, data });
  },

  /** Marks a snapshot built: written once, never changed after. */
  finish(client: Db, orgId: string, exportId: string, r: { blobKey: string; size: number; manifest: unknown }, now: Date) {
    return client.exportSnapshot.updateMany({
      where: { orgId, id: exportId, status: 'RUNNING' },
      data: { status: 'READY', blobKey: r.blobKey, size: BigInt(r.size), manifest: r.manifest as Prisma.InputJsonValue, finishedAt: now },
    });
  },

  fail(client: Db, orgId: string, exportId: string, error: string, now: Date) {
    return client.exportSnapshot.updateMany({ where: { orgId, id: exportId, status: { in: ['QUEUED', 'RUNNING'] } }, data: { status: 'FAILED', error, finishedAt: now } });
  },

  /** The project's cases in label order, narrowed to `caseIds` when given. */
  cases(client: Db, orgId: string, projectId: string, caseIds?: string[]) {
    return client.case.findMany({
      where: { orgId, projectId, ...(caseIds ? { id: { in: caseIds } } : {}) },
      orderBy: { label: 'asc' },
      select: { id: true, label: true, status: true, studyId: true, seriesId: true, goldAnswers: true },
    });
  },

  /** The DICOM JSON model of one instance (what derived objects repeat of the study and patient). */
  async instanceMetadata(client: Db, orgId: string, projectId: string, sopInstanceUid: string) {
    const row = await client.instance.findFirst({ where: { orgId, projectId, sopInstanceUid }, select: { metadata: true } });
    return (row?.metadata ?? {}) as Record<string, { Value?: unknown[] } | undefined>;
  },

  /** A case's current lead decision with its masks, if any. */
  decision(client: Db, orgId: string, caseId: string) {
    return client.caseDecision.findFirst({
      where: { orgId, caseId, supersededAt: null },
      select: { id: true, version: true, decidedById: true, reason: true, createdAt: true, readIds: true, readerIds: true, score: true, engineVersion: true, figures: true, sources: true, answers: true, findings: true, masks: { select: MASK } },
    });
  },

  /** A case's agreement of an engine version with its candidate consensus masks. */
  agreement(client: Db, orgId: string, caseId: string, engineVersion: string) {
    return client.caseAgreement.findFirst({
      where: { orgId, caseId, engineVersion },
      select: { readIds: true, readerIds: true, score: true, decision: true, reason: true, method: true, threshold: true, items: true, consensus: true, computedAt: true, masks: { select: { ...MASK, method: true } } },
    });
  },

  /**
   * The images of a case (its series, or every series of its study) with each instance's blob and
   * geometry; series waiting for a pixel review (burned-in text) are left out.
   */
  images(client: Db, orgId: string, projectId: string, c: { studyId: string | null; seriesId: string | null }) {
    if (!c.studyId && !c.seriesId) return Promise.resolve([]);
    return client.series.findMany({
      where: { orgId, projectId, ...(c.seriesId ? { id: c.seriesId } : { studyId: c.studyId! }), NOT: { needsPixelReview: true, pixelReviewedAt: null } },
      orderBy: { seriesNumber: 'asc' },
      select: {
        seriesInstanceUid: true,
        modality: true,
        instances: {
          orderBy: { instanceNumber: 'asc' },
          select: { sopInstanceUid: true, sopClassUid: true, transferSyntaxUid: true, frames: true, blobKey: true, rows: true, columns: true, numberOfFrames: true, imagePosition: true, imageOrientation: true, pixelSpacing: true, sliceThickness: true, instanceNumber: true },
        },
      },
    });
  },
};
