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
