/* ── TENANT SCOPE ──────────────────────────────────────────────────────────────
 * Every method takes orgId (and the project) and filters on them: a study, series
 * or instance of another tenant is never found.
 * ──────────────────────────────────────────────────────────────────────────── */
import { Prisma, type IngestOutcome, type IngestSource } from '@prisma/client';
import type { PreparedInstance } from '../../dicom/prepare';
import { sql, type Db } from '../client';

/** One de-identified instance as the index stores it: what prepareInstance produced, the file itself by its blob key. */
export type InstanceRow = Omit<PreparedInstance, 'blob' | 'sha256'> & { blobKey: string; size: number };

const text = (json: InstanceRow['json'], key: string) => {
  const v = json[key]?.Value?.[0];
  return typeof v === 'string' ? v : v && typeof v === 'object' && 'Alphabetic' in v ? String((v as { Alphabetic: string }).Alphabetic) : null;
};

type RefreshInstance = { instanceNumber: number | null; imagePosition: number[]; imageOrientation: number[]; pixelSpacing: number[]; numberOfFrames: number; modality: string | null };

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

  /** Records a file of a batch and counts it on the batch, in one statement (so no transaction is needed). */
  async recordFile(client: Db, batchId: string, file: { name: string; size: number; outcome: IngestOutcome; reason?: string }) {
    await client.$executeRaw`
      WITH file AS (
        INSERT INTO "IngestFile" ("batchId", name, size, outcome, reason)
        VALUES (${batchId}, ${file.name}, ${file.size}, ${file.outcome}::"IngestOutcome", ${file.reason ?? null})
      )
      UPDATE "IngestBatch" SET ${counter(file.outcome)} = ${counter(file.outcome)} + 1, bytes = bytes + ${file.size} WHERE id = ${batchId}`;
  },

  /**
   * Indexes one instance and records the file on its batch, in one statement: the study and
   * series are created on first sight (concurrent uploads of one study meet in ON CONFLICT), the
   * instance only if new. One statement is atomic and one round trip, where a transaction of six
   * statements held the embedded database for all six. Returns whether the instance was new.
   */
  /** One statement on the pool, outside any transaction (see `sql`): it runs once per file. */
  async storeInstance(orgId: string, projectId: string, row: InstanceRow, file: { batchId: string; name: string; size: number }) {
    const seriesNumber = row.json['00200011']?.Value?.[0];
    const [result] = await sql<{ created: string | null; existing: string | null; seriesId: string; studyId: string; fileId: string }>`
      WITH study AS (
        INSERT INTO "Study" (id, "orgId", "projectId", "studyInstanceUid", "patientId", "studyDate", "studyTime", "studyDescription", "accessionNumber", "updatedAt")
        VALUES (${cuidLike()}, ${orgId}, ${projectId}, ${row.studyInstanceUid}, ${row.patientId}, ${text(row.json, '00080020')}, ${text(row.json, '00080030')}, ${text(row.json, '00081030')}, ${text(row.json, '00080050')}, now())
        ON CONFLICT ("projectId", "studyInstanceUid") DO UPDATE SET "updatedAt" = now()
        RETURNING id
      ), series AS (
        INSERT INTO "Series" (id, "orgId", "projectId", "studyId", "seriesInstanceUid", modality, "seriesNumber", "seriesDescription", "bodyPartExamined", "needsPixelReview", "updatedAt")
        SELECT ${cuidLike()}, ${orgId}, ${projectId}, study.id, ${row.seriesInstanceUid}, ${row.modality || 'OT'}, ${typeof seriesNumber === 'number' ? seriesNumber : null}::int, ${text(row.json, '0008103E')}, ${text(row.json, '00180015')}, ${row.needsPixelReview}::boolean, now() FROM study
        ON CONFLICT ("projectId", "seriesInstanceUid") DO UPDATE SET "updatedAt" = now(), "needsPixelReview" = "Series"."needsPixelReview" OR EXCLUDED."needsPixelReview"
        RETURNING id
      ), inserted AS (
        INSERT INTO "Instance" (id, "orgId", "projectId", "seriesId", "sopInstanceUid", "sopClassUid", "transferSyntaxUid", "instanceNumber", rows, columns, "numberOfFrames",
          "imagePosition", "imageOrientation", "pixelSpacing", "sliceThickness", "blobKey", size, frames, metadata)
        SELECT ${cuidLike()}, ${orgId}, ${projectId}, series.id, ${row.sopInstanceUid}, ${row.sopClassUid}, ${row.transferSyntaxUid}, ${row.instanceNumber}::int, ${row.rows}::int, ${row.columns}::int, ${row.numberOfFrames}::int,
          ${row.imagePosition ?? []}::float8[], ${row.imageOrientation ?? []}::float8[], ${row.pixelSpacing ?? []}::float8[], ${row.sliceThickness}::float8, ${row.blobKey}, ${row.size}::int, ${JSON.stringify(row.frames)}::jsonb, ${JSON.stringify(row.json)}::json FROM series
        ON CONFLICT ("projectId", "sopInstanceUid") DO NOTHING
        RETURNING id
      ), existing AS (
        SELECT id FROM "Instance" WHERE "projectId" = ${projectId} AND "sopInstanceUid" = ${row.sopInstanceUid}
      ), file AS (
        INSERT INTO "IngestFile" ("batchId", name, size, outcome, "instanceId")
        SELECT ${file.batchId}, ${file.name}, ${file.size}::int, CASE WHEN EXISTS (SELECT 1 FROM inserted) THEN 'ACCEPTED' ELSE 'DUPLICATE' END::"IngestOutcome",
          COALESCE((SELECT id FROM inserted), (SELECT id FROM existing))
        RETURNING id
      ), batch AS (
        UPDATE "IngestBatch" SET
          accepted = accepted + (SELECT count(*) FROM inserted)::int,
          duplicates = duplicates + 1 - (SELECT count(*) FROM inserted)::int,
          bytes = bytes + ${file.size}::int
        WHERE id = ${file.batchId}
      )
      SELECT (SELECT id FROM inserted) AS created, (SELECT id FROM existing) AS existing, (SELECT id FROM series) AS "seriesId", (SELECT id FROM study) AS "studyId", (SELECT id FROM file) AS "fileId"`;
    const { created, existing, seriesId, studyId, fileId } = result!;
    let instanceId = created ?? existing;
    if (instanceId === null) {
      // Every sub-statement sees the database as it was before the statement: a copy of this instance
      // committed by a concurrent upload after that moment is in neither column; look it up now.
      const [found] = await sql<{ id: string }>`
        UPDATE "IngestFile" SET "instanceId" = i.id FROM "Instance" i
        WHERE "IngestFile".id = ${fileId}::bigint AND i."orgId" = ${orgId} AND i."projectId" = ${projectId} AND i."sopInstanceUid" = ${row.sopInstanceUid}
        RETURNING i.id`;
      if (!found) throw new Error(`Instance ${row.sopInstanceUid} was neither stored nor found`);
      instanceId = found.id;
    }
    return { instanceId, seriesId, studyId, created: created !== null };
  },

  async seriesForRefresh(client: Db, orgId: string, seriesId: string) {
    const series = await client.series.findFirst({
      where: { id: seriesId, orgId },
      select: {
        id: true,
        projectId: true,
        modality: true,
        seriesInstanceUid: true,
        studyId: true,
        study: { select: { patientId: true, studyDate: true, studyInstanceUid: true, project: { select: { caseGrouping: true } } } },
      },
    });
    if (!series) return null;
    // The job runs again and again while a series arrives: each instance's modality is read out of
    // its metadata in the database rather than the whole metadata carried over every time.
    const instances = await client.$queryRaw<RefreshInstance[]>`
      SELECT "instanceNumber", "imagePosition", "imageOrientation", "pixelSpacing", "numberOfFrames", metadata #>> '{00080060,Value,0}' AS modality
      FROM "Instance" WHERE "seriesId" = ${seriesId} AND "orgId" = ${orgId}`;
    return { ...series, instances };
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

const counter = (outcome: IngestOutcome) => Prisma.raw(outcome === 'ACCEPTED' ? 'accepted' : outcome === 'DUPLICATE' ? 'duplicates' : 'rejected');

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
