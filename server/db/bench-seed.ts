import { db } from './client';

/**
 * Bulk rows for benchmarks only: `cases` cases in a project, each assigned to `perCase`
 * readers in rotation, in single INSERT … SELECT statements (the domain path would take hours).
 * Statuses follow the readers' progress: a third submitted, a third in progress.
 */
export async function bulkCasesWithAssignments(orgId: string, projectId: string, readerIds: string[], cases: number, perCase: number) {
  const prefix = `bench-${projectId}-`;
  // Bulk load without the per-row ProjectStat triggers, then count once (as the migration's backfill does).
  await db().$executeRawUnsafe('ALTER TABLE "Case" DISABLE TRIGGER "Case_project_stat"');
  await db().$executeRawUnsafe('ALTER TABLE "Assignment" DISABLE TRIGGER "Assignment_project_stat"');
  await db().$executeRawUnsafe(
    `INSERT INTO "Case" (id, "orgId", "projectId", label, priority, status, "createdAt", "updatedAt")
     SELECT $3 || g, $1, $2, 'Case ' || g, (g % 10), 'READING', now() - (g || ' seconds')::interval, now()
     FROM generate_series(1, $4::int) g`,
    orgId,
    projectId,
    prefix,
    cases,
  );
  const readers = readerIds.length;
  await db().$executeRawUnsafe(
    `INSERT INTO "Assignment" (id, "orgId", "projectId", "caseId", "readerId", status, "assignedAt")
     SELECT $3 || g || '-' || k, $1, $2, $3 || g, ($4::text[])[1 + ((g + k) % $5::int)],
            (CASE (g + k) % 3 WHEN 0 THEN 'SUBMITTED' WHEN 1 THEN 'IN_PROGRESS' ELSE 'ASSIGNED' END)::"AssignmentStatus",
            now() - (g || ' seconds')::interval
     FROM generate_series(1, $6::int) g, generate_series(0, $7::int - 1) k`,
    orgId,
    projectId,
    prefix,
    readerIds,
    readers,
    cases,
    perCase,
  );
  await db().$executeRawUnsafe('ALTER TABLE "Case" ENABLE TRIGGER "Case_project_stat"');
  await db().$executeRawUnsafe('ALTER TABLE "Assignment" ENABLE TRIGGER "Assignment_project_stat"');
  await db().$executeRawUnsafe(`DELETE FROM "ProjectStat" WHERE "projectId" = $1`, projectId);
  await db().$executeRawUnsafe(
    `INSERT INTO "ProjectStat" ("projectId", "kind", "status", "readerId", "n")
     SELECT $1, 'case', status::text, '', count(*)::int FROM "Case" WHERE "projectId" = $1 GROUP BY status
     UNION ALL
     SELECT $1, 'assignment', status::text, "readerId", count(*)::int FROM "Assignment" WHERE "projectId" = $1 GROUP BY status, "readerId"`,
    projectId,
  );
  await db().$executeRawUnsafe('ANALYZE "Case"');
  await db().$executeRawUnsafe('ANALYZE "Assignment"');
}

/**
 * Bulk rows for the export benchmark: `cases` cases, each its own study with one series of
 * `grid.slices` axial instances (geometry only, no files), read by every reader with the given
 * deflated mask (one per reader), and an accepted agreement whose consensus mask is `consensus`.
 */
export async function bulkSegmentedCases(
  orgId: string,
  projectId: string,
  readerIds: string[],
  cases: number,
  grid: { columns: number; rows: number; slices: number; spacing: number[] },
  labelId: string,
  masks: { reads: Uint8Array[]; consensus: Uint8Array; voxels: number },
  engineVersion: string,
) {
  const p = `bx-${projectId}-`;
  const q = (sql: string, ...args: unknown[]) => db().$executeRawUnsafe(sql, ...args);
  await q(`INSERT INTO "Study" (id, "orgId", "projectId", "studyInstanceUid", "patientId", "updatedAt") SELECT $3 || 'st' || g, $1, $2, '2.25.9' || g, 'P-BENCH' || g, now() FROM generate_series(1, $4::int) g`, orgId, projectId, p, cases);
  await q(`INSERT INTO "Series" (id, "orgId", "projectId", "studyId", "seriesInstanceUid", modality, "updatedAt") SELECT $3 || 'se' || g, $1, $2, $3 || 'st' || g, '2.25.8' || g, 'CT', now() FROM generate_series(1, $4::int) g`, orgId, projectId, p, cases);
  await q(
    `INSERT INTO "Instance" (id, "orgId", "projectId", "seriesId", "sopInstanceUid", "sopClassUid", "transferSyntaxUid", "instanceNumber", rows, columns, "imagePosition", "imageOrientation", "pixelSpacing", "sliceThickness", "blobKey", size, frames, metadata)
     SELECT $3 || 'in' || g || '-' || k, $1, $2, $3 || 'se' || g, '2.25.7' || g || '0' || k, '1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.1.2.1', k + 1, $5::int, $6::int,
            ARRAY[-180, -180, k * $9::float8], ARRAY[1, 0, 0, 0, 1, 0]::float8[], ARRAY[$8::float8, $7::float8], $9::float8, repeat('0', 64), 0, '[]'::jsonb,
            jsonb_build_object('0020000D', jsonb_build_object('vr', 'UI', 'Value', jsonb_build_array('2.25.9' || g)), '00100020', jsonb_build_object('vr', 'LO', 'Value', jsonb_build_array('P-BENCH' || g)))
     FROM generate_series(1, $4::int) g, generate_series(0, $10::int - 1) k`,
    orgId, projectId, p, cases, grid.rows, grid.columns, grid.spacing[0], grid.spacing[1], grid.spacing[2], grid.slices,
  );
  await q(`INSERT INTO "Case" (id, "orgId", "projectId", label, status, "studyId", "updatedAt") SELECT $3 || 'c' || g, $1, $2, 'Bench case ' || lpad(g::text, 4, '0'), 'DONE', $3 || 'st' || g, now() FROM generate_series(1, $4::int) g`, orgId, projectId, p, cases);
  for (const [k, readerId] of readerIds.entries()) {
    await q(`INSERT INTO "Assignment" (id, "orgId", "projectId", "caseId", "readerId", status) SELECT $3 || 'a' || g || '-' || $5, $1, $2, $3 || 'c' || g, $6, 'SUBMITTED' FROM generate_series(1, $4::int) g`, orgId, projectId, p, cases, k, readerId);
    await q(`INSERT INTO "Read" (id, "orgId", "projectId", "caseId", "assignmentId", "readerId", revision, "schemaVersion", snapshot) SELECT $3 || 'r' || g || '-' || $5, $1, $2, $3 || 'c' || g, $3 || 'a' || g || '-' || $5, $6, 1, 1, ''::bytea FROM generate_series(1, $4::int) g`, orgId, projectId, p, cases, k, readerId);
    await q(
      `INSERT INTO "Mask" (id, "readId", "labelId", "seriesUid", dims, spacing, origin, direction, "voxelCount", voxels)
       SELECT $1 || 'm' || g || '-' || $3, $1 || 'r' || g || '-' || $3, $4, '2.25.8' || g, ARRAY[$5::int, $6::int, $7::int], $8::float8[], ARRAY[-180, -180, 0]::float8[], ARRAY[1, 0, 0, 0, 1, 0, 0, 0, 1]::float8[], $9::int, $10::bytea FROM generate_series(1, $2::int) g`,
      p, cases, k, labelId, grid.columns, grid.rows, grid.slices, grid.spacing, masks.voxels, Buffer.from(masks.reads[k % masks.reads.length]!),
    );
  }
  await q(
    `INSERT INTO "CaseAgreement" (id, "orgId", "projectId", "caseId", "engineVersion", "readIds", "readerIds", score, decision, reason, method, items, consensus)
     SELECT $3 || 'ag' || g, $1, $2, $3 || 'c' || g, $5, ARRAY(SELECT $3 || 'r' || g || '-' || k FROM generate_series(0, cardinality($6::text[]) - 1) k), $6::text[], 0.9, 'ACCEPTED', '', 'MAJORITY', '[]'::jsonb, '{"answers":{},"findings":[]}'::jsonb
     FROM generate_series(1, $4::int) g`,
    orgId, projectId, p, cases, engineVersion, readerIds,
  );
  await q(
    `INSERT INTO "ConsensusMask" (id, "agreementId", "labelId", "seriesUid", method, dims, spacing, origin, direction, "voxelCount", voxels)
     SELECT $1 || 'cm' || g, $1 || 'ag' || g, $3, '2.25.8' || g, 'majority', ARRAY[$4::int, $5::int, $6::int], $7::float8[], ARRAY[-180, -180, 0]::float8[], ARRAY[1, 0, 0, 0, 1, 0, 0, 0, 1]::float8[], $8::int, $9::bytea FROM generate_series(1, $2::int) g`,
    p, cases, labelId, grid.columns, grid.rows, grid.slices, grid.spacing, masks.voxels, Buffer.from(masks.consensus),
  );
}
