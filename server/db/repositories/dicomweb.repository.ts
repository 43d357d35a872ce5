/* ── TENANT SCOPE ──────────────────────────────────────────────────────────────
 * Every query filters on orgId and projectId, and on the caller's visible series when
 * the caller is a reader: what is not visible is not found.
 * ──────────────────────────────────────────────────────────────────────────── */
import type { Prisma } from '@prisma/client';
import type { TOrgRole } from '../../contracts/org';
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
  /**
   * The user's roles for a project's images: their org membership and project membership (null when
   * either the membership or the project is absent). One statement on the pool (see `sql`): every
   * DICOMweb request but a frame's asks it, and the same questions through Prisma cost a metadata
   * request 15 ms of the server's CPU.
   */
  async access(userId: string, orgSlug: string, projectId: string) {
    const [row] = await sql<{ orgId: string; orgRole: TOrgRole; projectRole: 'MANAGER' | 'READER' | 'LEAD' | null; active: boolean | null }>`
      SELECT o.id AS "orgId", m.role::text AS "orgRole", pm.role::text AS "projectRole", pm.active
      FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId" JOIN "Project" p ON p."orgId" = o.id AND p.id = ${projectId}
        LEFT JOIN "ProjectMember" pm ON pm."projectId" = p.id AND pm."userId" = ${userId}
      WHERE m."userId" = ${userId} AND o.slug = ${orgSlug}
      LIMIT 1`;
    return row ?? null;
  },

  /** The series a reader may see: those of cases assigned to them, minus series awaiting pixel review. */
  async readerSeries(orgId: string, projectId: string, userId: string): Promise<string[]> {
    const rows = await sql<{ id: string }>`
      SELECT se.id FROM "Series" se
      WHERE se."orgId" = ${orgId} AND se."projectId" = ${projectId} AND NOT (se."needsPixelReview" AND se."pixelReviewedAt" IS NULL)
        AND EXISTS (
          SELECT 1 FROM "Case" c JOIN "Assignment" a ON a."caseId" = c.id
          WHERE c."orgId" = ${orgId} AND c."projectId" = ${projectId} AND a."readerId" = ${userId}
            AND (c."seriesId" = se.id OR (c."seriesId" IS NULL AND c."studyId" = se."studyId")))`;
    return rows.map((r) => r.id);
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

  /**
   * The instances a metadata request covers, in order, each with its stored DICOM JSON as text: a
   * series' metadata (most of a megabyte) is served without being parsed and re-written here. One
   * statement on the pool (see `sql`): Prisma's engine took 50 ms to pass a series' text through.
   */
  metadata(orgId: string, projectId: string, visible: Visible, f: { studyInstanceUid?: string; seriesInstanceUid?: string; sopInstanceUid?: string }) {
    return sql<{ studyId: string; studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string; json: string; pixels: boolean }>`
      SELECT st.id AS "studyId", st."studyInstanceUid", se."seriesInstanceUid", i."sopInstanceUid", i.metadata::text AS json, jsonb_array_length(i.frames) > 0 AS pixels
      FROM "Instance" i JOIN "Series" se ON se.id = i."seriesId" JOIN "Study" st ON st.id = se."studyId"
      WHERE i."orgId" = ${orgId} AND i."projectId" = ${projectId} AND se."orgId" = ${orgId} AND se."projectId" = ${projectId}
        AND (${visible}::text[] IS NULL OR se.id = ANY(${visible}::text[]))
        AND (${f.studyInstanceUid ?? null}::text IS NULL OR st."studyInstanceUid" = ${f.studyInstanceUid ?? null})
        AND (${f.seriesInstanceUid ?? null}::text IS NULL OR se."seriesInstanceUid" = ${f.seriesInstanceUid ?? null})
        AND (${f.sopInstanceUid ?? null}::text IS NULL OR i."sopInstanceUid" = ${f.sopInstanceUid ?? null})
      ORDER BY i."instanceNumber" ASC NULLS LAST, i.id ASC`;
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
