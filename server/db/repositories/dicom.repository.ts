/* ── TENANT SCOPE ──────────────────────────────────────────────────────────────
 * Every method takes orgId (and the project) and filters on them: a study, series
 * or instance of another tenant is never found.
 * ──────────────────────────────────────────────────────────────────────────── */
import type { IngestOutcome, IngestSource } from '@prisma/client';
import type { PreparedInstance } from '../../dicom/prepare';
import type { Db, Tx } from '../client';

/** One de-identified instance as the index stores it: what prepareInstance produced, the file itself by its blob key. */
export type InstanceRow = Omit<PreparedInstance, 'blob' | 'sha256'> & { blobKey: string; size: number };

const text = (json: InstanceRow['json'], key: string) => {
  const v = json[key]?.Value?.[0];
  return typeof v === 'string' ? v : v && typeof v === 'object' && 'Alphabetic' in v ? String((v as { Alphabetic: string }).Alphabetic) : null;
};

export const dicomRepository = {
  ingestSettings(client: Db, orgId: string, projectId: string) {
    return client.project.findFirst({ where: { id: projectId, orgId }, select: { id: true, deidSecret: true, deidOptions: true, caseGrouping: true } });
  },

  /** Sets the project's de-identification key once; a concurrent first upload keeps whichever won. */
  async ensureSecret(client: Db, orgId: string, projectId: string, secret: string) {
    await client.project.updateMany({ where: { id: projectId, orgId, deidSecret: null }, data: { deidSecret: secret } });
    return (await client.project.findFirstOrThrow({ where: { id: projectId, orgId }, select: { deidSecret: true } })).deidSecret!;
  },

  createBatch(client: Db, data: { orgId: string; projectId: string; source: IngestSource; createdById: string | null }) {
    return client.ingestBatch.create({ data, select: { id: true } });
  },

  findBatch(client: Db, batchId: string) {
    return client.ingestBatch.findUnique({ where: { id: batchId }, select: { id: true, orgId: true, projectId: true, createdById: true } });
  },

  batchSummary(client: Db, orgId: string, batchId: string) {
    return client.ingestBatch.findFirst({
      where: { id: batchId, orgId },
      select: { id: true, source: true, createdAt: true, accepted: true, duplicates: true, rejected: true, bytes: true, files: { where: { outcome: 'REJECTED' }, orderBy: { id: 'asc' }, take: 200, select: { name: true, reason: true } } },
    });
  },

  recentBatches(client: Db, orgId: string, projectId: string, limit: number) {
    return client.ingestBatch.findMany({
      where: { orgId, projectId },
      orderBy: { createdAt: 'desc' },
      take: limit,
      select: { id: true, source: true, createdAt: true, accepted: true, duplicates: true, rejected: true, bytes: true, files: { where: { outcome: 'REJECTED' }, orderBy: { id: 'asc' }, take: 50, select: { name: true, reason: true } } },
    });
  },

  /** Records one file's outcome and bumps the batch's counters, in the caller's transaction. */
  async recordFile(tx: Tx | Db, batchId: string, file: { name: string; size: number; outcome: IngestOutcome; reason?: string; instanceId?: string }) {
    await tx.ingestFile.create({ data: { batchId, ...file } });
    const counter = file.outcome === 'ACCEPTED' ? 'accepted' : file.outcome === 'DUPLICATE' ? 'duplicates' : 'rejected';
    await tx.ingestBatch.update({ where: { id: batchId }, data: { [counter]: { increment: 1 }, bytes: { increment: file.size } } });
  },

  /**
   * Indexes one instance: its study and series are created on first sight (concurrent uploads
   * of one study meet in ON CONFLICT), the instance only if new. Returns whether it was new.
   */
  async storeInstance(tx: Tx, orgId: string, projectId: string, row: InstanceRow) {
    const [study] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Study" (id, "orgId", "projectId", "studyInstanceUid", "patientId", "studyDate", "studyTime", "studyDescription", "accessionNumber", "updatedAt")
      VALUES (${cuidLike()}, ${orgId}, ${projectId}, ${row.studyInstanceUid}, ${row.patientId}, ${text(row.json, '00080020')}, ${text(row.json, '00080030')}, ${text(row.json, '00081030')}, ${text(row.json, '00080050')}, now())
      ON CONFLICT ("projectId", "studyInstanceUid") DO UPDATE SET "updatedAt" = now()
      RETURNING id`;
    const seriesNumber = row.json['00200011']?.Value?.[0];
    const [series] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Series" (id, "orgId", "projectId", "studyId", "seriesInstanceUid", modality, "seriesNumber", "seriesDescription", "bodyPartExamined", "needsPixelReview", "updatedAt")
      VALUES (${cuidLike()}, ${orgId}, ${projectId}, ${study!.id}, ${row.seriesInstanceUid}, ${row.modality || 'OT'}, ${typeof seriesNumber === 'number' ? seriesNumber : null}, ${text(row.json, '0008103E')}, ${text(row.json, '00180015')}, ${row.needsPixelReview}, now())
      ON CONFLICT ("projectId", "seriesInstanceUid") DO UPDATE SET "updatedAt" = now(), "needsPixelReview" = "Series"."needsPixelReview" OR EXCLUDED."needsPixelReview"
      RETURNING id`;
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Instance" (id, "orgId", "projectId", "seriesId", "sopInstanceUid", "sopClassUid", "transferSyntaxUid", "instanceNumber", rows, columns, "numberOfFrames",
        "imagePosition", "imageOrientation", "pixelSpacing", "sliceThickness", "blobKey", size, frames, metadata)
      VALUES (${cuidLike()}, ${orgId}, ${projectId}, ${series!.id}, ${row.sopInstanceUid}, ${row.sopClassUid}, ${row.transferSyntaxUid}, ${row.instanceNumber}, ${row.rows}, ${row.columns}, ${row.numberOfFrames},
        ${row.imagePosition ?? []}, ${row.imageOrientation ?? []}, ${row.pixelSpacing ?? []}, ${row.sliceThickness}, ${row.blobKey}, ${row.size}, ${JSON.stringify(row.frames)}::jsonb, ${JSON.stringify(row.json)}::jsonb)
      ON CONFLICT ("projectId", "sopInstanceUid") DO NOTHING
      RETURNING id`;
    if (inserted[0]) return { instanceId: inserted[0].id, seriesId: series!.id, studyId: study!.id, created: true };
    const existing = await tx.instance.findFirstOrThrow({ where: { orgId, projectId, sopInstanceUid: row.sopInstanceUid }, select: { id: true } });
    return { instanceId: existing.id, seriesId: series!.id, studyId: study!.id, created: false };
  },

  seriesForRefresh(client: Db, orgId: string, seriesId: string) {
    return client.series.findFirst({
      where: { id: seriesId, orgId },
      select: {
        id: true,
        projectId: true,
        modality: true,
        seriesInstanceUid: true,
        studyId: true,
        study: { select: { patientId: true, studyDate: true, studyInstanceUid: true, project: { select: { caseGrouping: true } } } },
        instances: { select: { instanceNumber: true, imagePosition: true, imageOrientation: true, pixelSpacing: true, numberOfFrames: true, metadata: true } },
      },
    });
  },

  saveQuality(client: Db, orgId: string, seriesId: string, quality: object) {
    return client.series.updateMany({ where: { id: seriesId, orgId }, data: { quality: quality, qualityCheckedAt: new Date() } });
  },

  /** Creates the case for a study (or series) unless it exists; the partial unique indexes make this idempotent. */
  async ensureCase(client: Db, data: { orgId: string; projectId: string; studyId: string; seriesId: string | null; label: string }) {
    await client.case.createMany({ data: [data], skipDuplicates: true });
  },

  clearPixelReview(client: Db, orgId: string, projectId: string, seriesId: string, userId: string) {
    return client.series.updateMany({ where: { id: seriesId, orgId, projectId, needsPixelReview: true }, data: { pixelReviewedAt: new Date(), pixelReviewedById: userId } });
  },
};

/** Ids for rows inserted with raw SQL: random, url-safe, sortable enough for our use. */
function cuidLike(): string {
  return `c${Date.now().toString(36)}${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export const studyListRepository = {
  /** A page of the project's studies (newest first) with their series and quality reports. */
  async page(client: Db, orgId: string, projectId: string, opts: { cursor?: string; limit: number }) {
    const rows = await client.study.findMany({
      where: { orgId, projectId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
      take: opts.limit + 1,
      select: {
        id: true,
        studyInstanceUid: true,
        patientId: true,
        studyDate: true,
        createdAt: true,
        series: {
          orderBy: [{ seriesNumber: 'asc' }, { id: 'asc' }],
          select: { id: true, seriesInstanceUid: true, modality: true, seriesNumber: true, seriesDescription: true, needsPixelReview: true, pixelReviewedAt: true, quality: true, _count: { select: { instances: true } } },
        },
      },
    });
    return { items: rows.slice(0, opts.limit), nextCursor: rows.length > opts.limit ? rows[opts.limit - 1]!.id : null };
  },
};

/* Operator (CLI) lookups: the operator has the database, so the scope is whatever they name. */
export const operatorRepository = {
  findProjects(client: Db, ref: string, orgSlug?: string) {
    return client.project.findMany({
      where: { OR: [{ id: ref }, { name: { equals: ref, mode: 'insensitive' } }], ...(orgSlug ? { org: { slug: orgSlug } } : {}) },
      select: { id: true, name: true, orgId: true, org: { select: { slug: true } } },
      take: 5,
    });
  },
};
