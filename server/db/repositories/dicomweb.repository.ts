/* ── TENANT SCOPE ──────────────────────────────────────────────────────────────
 * Every query filters on orgId and projectId, and on the caller's visible series when
 * the caller is a reader: what is not visible is not found.
 * ──────────────────────────────────────────────────────────────────────────── */
import type { Prisma } from '@prisma/client';
import { sql, type Db } from '../client';

/** Series a caller may see: null means every series of the project. */
export type Visible = string[] | null;

export interface StudyFilter {
  studyInstanceUid?: string[];
  patientId?: string;
  studyDateFrom?: string;
  studyDateTo?: string;
  accessionNumber?: string;
  modality?: string;
  limit: number;
  offset: number;
}

const seriesWhere = (orgId: string, projectId: string, visible: Visible): Prisma.SeriesWhereInput => ({ orgId, projectId, ...(visible ? { id: { in: visible } } : {}) });

export const dicomwebRepository = {
  /** The series a reader may see: those of cases assigned to them, minus series awaiting pixel review. */
  async readerSeries(client: Db, orgId: string, projectId: string, userId: string): Promise<string[]> {
    const cases = await client.case.findMany({
      where: { orgId, projectId, studyId: { not: null }, assignments: { some: { readerId: userId } } },
      select: { studyId: true, seriesId: true },
    });
    if (cases.length === 0) return [];
    const series = await client.series.findMany({
      where: {
        orgId,
        projectId,
        OR: cases.map((c) => (c.seriesId ? { id: c.seriesId } : { studyId: c.studyId! })),
        NOT: { needsPixelReview: true, pixelReviewedAt: null },
      },
      select: { id: true },
    });
    return series.map((s) => s.id);
  },

  studies(client: Db, orgId: string, projectId: string, visible: Visible, f: StudyFilter) {
    return client.study.findMany({
      where: {
        orgId,
        projectId,
        series: { some: { ...seriesWhere(orgId, projectId, visible), ...(f.modality ? { modality: f.modality } : {}) } },
        ...(f.studyInstanceUid ? { studyInstanceUid: { in: f.studyInstanceUid } } : {}),
        ...(f.patientId ? { patientId: f.patientId } : {}),
        ...(f.accessionNumber ? { accessionNumber: f.accessionNumber } : {}),
        ...(f.studyDateFrom || f.studyDateTo ? { studyDate: { ...(f.studyDateFrom ? { gte: f.studyDateFrom } : {}), ...(f.studyDateTo ? { lte: f.studyDateTo } : {}) } } : {}),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: f.limit,
      skip: f.offset,
      select: {
        id: true,
        studyInstanceUid: true,
        patientId: true,
        studyDate: true,
        studyTime: true,
        studyDescription: true,
        accessionNumber: true,
        series: { where: seriesWhere(orgId, projectId, visible), select: { modality: true, _count: { select: { instances: true } } } },
      },
    });
  },

  series(client: Db, orgId: string, projectId: string, visible: Visible, f: { studyInstanceUid?: string; seriesInstanceUid?: string; modality?: string; limit: number; offset: number }) {
    return client.series.findMany({
      where: {
        ...seriesWhere(orgId, projectId, visible),
        ...(f.studyInstanceUid ? { study: { studyInstanceUid: f.studyInstanceUid } } : {}),
        ...(f.seriesInstanceUid ? { seriesInstanceUid: f.seriesInstanceUid } : {}),
        ...(f.modality ? { modality: f.modality } : {}),
      },
      orderBy: [{ seriesNumber: 'asc' }, { id: 'asc' }],
      take: f.limit,
      skip: f.offset,
      select: {
        id: true,
        seriesInstanceUid: true,
        modality: true,
        seriesNumber: true,
        seriesDescription: true,
        needsPixelReview: true,
        pixelReviewedAt: true,
        quality: true,
        study: { select: { id: true, studyInstanceUid: true, patientId: true, studyDate: true } },
        _count: { select: { instances: true } },
      },
    });
  },

  /** The instances a metadata request covers, in order, without their metadata (see metadataTexts). */
  instanceRefs(client: Db, orgId: string, projectId: string, visible: Visible, f: { studyInstanceUid?: string; seriesInstanceUid?: string; sopInstanceUid?: string }) {
    return client.instance.findMany({
      where: {
        orgId,
        projectId,
        series: { ...seriesWhere(orgId, projectId, visible), ...(f.seriesInstanceUid ? { seriesInstanceUid: f.seriesInstanceUid } : {}), ...(f.studyInstanceUid ? { study: { studyInstanceUid: f.studyInstanceUid } } : {}) },
        ...(f.sopInstanceUid ? { sopInstanceUid: f.sopInstanceUid } : {}),
      },
      orderBy: [{ instanceNumber: 'asc' }, { id: 'asc' }],
      select: { id: true, sopInstanceUid: true, series: { select: { seriesInstanceUid: true, study: { select: { id: true, studyInstanceUid: true } } } } },
    });
  },

  /** The instances' stored DICOM JSON as text, by id: a series' metadata is served without being parsed and re-written here. */
  async metadataTexts(client: Db, ids: string[]): Promise<Map<string, { json: string; pixels: boolean }>> {
    const rows = await client.$queryRaw<{ id: string; json: string; pixels: boolean }[]>`
      SELECT id, metadata::text AS json, jsonb_array_length(frames) > 0 AS pixels FROM "Instance" WHERE id = ANY(${ids})`;
    return new Map(rows.map((r) => [r.id, r]));
  },

  /** One instance's pixel data locations (WADO-RS frames): what the viewer asks for most, so nothing more. */
  /** Where an instance's frames are stored. One statement on the pool (see `sql`): it runs once per frame a viewer loads. */
  async frameSource(orgId: string, projectId: string, visible: Visible, f: { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string }) {
    const [row] = await sql<{ transferSyntaxUid: string; blobKey: string; frames: unknown; studyId: string }>`
      SELECT i."transferSyntaxUid", i."blobKey", i.frames, st.id AS "studyId"
      FROM "Instance" i JOIN "Series" se ON se.id = i."seriesId" JOIN "Study" st ON st.id = se."studyId"
      WHERE i."orgId" = ${orgId} AND i."projectId" = ${projectId} AND i."sopInstanceUid" = ${f.sopInstanceUid}
        AND se."orgId" = ${orgId} AND se."projectId" = ${projectId} AND se."seriesInstanceUid" = ${f.seriesInstanceUid}
        AND st."studyInstanceUid" = ${f.studyInstanceUid} AND (${visible}::text[] IS NULL OR se.id = ANY(${visible}::text[]))
      LIMIT 1`;
    return row ?? null;
  },

  instances(client: Db, orgId: string, projectId: string, visible: Visible, f: { studyInstanceUid?: string; seriesInstanceUid?: string; sopInstanceUid?: string; limit?: number; offset?: number }) {
    return client.instance.findMany({
      where: {
        orgId,
        projectId,
        series: {
          ...seriesWhere(orgId, projectId, visible),
          ...(f.seriesInstanceUid ? { seriesInstanceUid: f.seriesInstanceUid } : {}),
          ...(f.studyInstanceUid ? { study: { studyInstanceUid: f.studyInstanceUid } } : {}),
        },
        ...(f.sopInstanceUid ? { sopInstanceUid: f.sopInstanceUid } : {}),
      },
      orderBy: [{ instanceNumber: 'asc' }, { id: 'asc' }],
      ...(f.limit ? { take: f.limit } : {}),
      ...(f.offset ? { skip: f.offset } : {}),
      select: {
        id: true,
        sopInstanceUid: true,
        sopClassUid: true,
        transferSyntaxUid: true,
        instanceNumber: true,
        rows: true,
        columns: true,
        numberOfFrames: true,
        blobKey: true,
        size: true,
        frames: true,
        metadata: true,
        series: { select: { id: true, seriesInstanceUid: true, seriesNumber: true, study: { select: { id: true, studyInstanceUid: true } } } },
      },
    });
  },
};
