/* ── TENANT SCOPE ── every method takes orgId and filters on it. ── */
import type { AssignmentStatus, Prisma } from '@prisma/client';
import { sql, type Db } from '../client';
import { pageArgs, toPage } from './page';

type Tx = Prisma.TransactionClient;

/** What the case page reads of an assignment (assignmentReadRepository.findDetailed answers this shape). */
export const detailedSelect = (viewerId: string) =>
  ({
    id: true,
    status: true,
    skipReason: true,
    schemaVersion: true,
    reader: { select: { id: true, name: true } },
    case: {
      select: {
        id: true,
        label: true,
        priority: true,
        seriesId: true,
        goldAnswers: true,
        study: { select: { studyInstanceUid: true, series: { orderBy: { seriesInstanceUid: 'asc' }, select: { id: true, seriesInstanceUid: true, seriesNumber: true, needsPixelReview: true, pixelReviewedAt: true } } } },
        assignments: { where: { status: { not: 'SKIPPED' } }, orderBy: { assignedAt: 'asc' }, select: { reader: { select: { id: true, name: true } } } },
      },
    },
    project: { select: { id: true, name: true, schemaVersion: true, status: true, collaborative: true, members: { where: { userId: viewerId }, select: { role: true, active: true } } } },
  }) satisfies Prisma.AssignmentSelect;
export type DetailedAssignment = Prisma.AssignmentGetPayload<{ select: ReturnType<typeof detailedSelect> }>;
const OPEN: AssignmentStatus[] = ['ASSIGNED', 'IN_PROGRESS'];

export const assignmentRepository = {
  /** Serialises assignment changes of one project (a row lock; works on PGlite too). */
  async lockProject(tx: Tx, orgId: string, projectId: string) {
    const rows = await tx.$queryRaw<{ id: string; readersPerCase: number; status: string; schemaVersion: number; goldRate: number; collaborative: boolean }[]>`
      SELECT id, "readersPerCase", status::text AS status, "schemaVersion", "goldRate", collaborative FROM "Project" WHERE id = ${projectId} AND "orgId" = ${orgId} FOR UPDATE`;
    return rows[0] ?? null;
  },

  /** The user's own assignment of a case, else any assignment of it (the first made). */
  async idForCaseDoc(client: Db, orgId: string, caseId: string, userId: string) {
    const rows = await client.assignment.findMany({ where: { orgId, caseId }, orderBy: [{ assignedAt: 'asc' }, { id: 'asc' }], select: { id: true, readerId: true } });
    return (rows.find((r) => r.readerId === userId) ?? rows[0])?.id ?? null;
  },

  /** Assignments of a project whose reader has begun (opened, submitted, or skipped after opening). */
  countStarted(tx: Tx, orgId: string, projectId: string) {
    return tx.assignment.count({ where: { orgId, projectId, OR: [{ startedAt: { not: null } }, { status: { in: ['IN_PROGRESS', 'SUBMITTED'] } }] } });
  },

  eligibleReaders(tx: Tx | Db, projectId: string) {
    return tx.projectMember.findMany({ where: { projectId, role: 'READER', active: true }, select: { userId: true } });
  },

  openCounts(tx: Tx | Db, orgId: string, projectId: string) {
    return tx.assignment.groupBy({ by: ['readerId'], where: { orgId, projectId, status: { in: OPEN } }, _count: { _all: true } });
  },

  readersOfCases(tx: Tx, orgId: string, caseIds: string[]) {
    return tx.assignment.findMany({ where: { orgId, caseId: { in: caseIds } }, select: { caseId: true, readerId: true } });
  },

  /** Each reader's ordinary and gold-standard assignments in the project (skipped ones left out). */
  goldCounts(tx: Tx, orgId: string, projectId: string) {
    return tx.$queryRaw<{ readerId: string; regular: number; gold: number }[]>`
      SELECT a."readerId", (count(*) FILTER (WHERE c."goldAnswers" IS NULL))::int AS regular, (count(*) FILTER (WHERE c."goldAnswers" IS NOT NULL))::int AS gold
      FROM "Assignment" a JOIN "Case" c ON c.id = a."caseId"
      WHERE a."orgId" = ${orgId} AND a."projectId" = ${projectId} AND a.status <> 'SKIPPED'
      GROUP BY a."readerId"`;
  },

  /** Gold-standard cases of a project and their (not skipped) assignments. */
  async goldTotals(client: Db, orgId: string, projectId: string) {
    const [row] = await client.$queryRaw<{ cases: number; reads: number }[]>`
      SELECT count(DISTINCT c.id)::int AS cases, (count(a.id) FILTER (WHERE a.status <> 'SKIPPED'))::int AS reads
      FROM "Case" c LEFT JOIN "Assignment" a ON a."caseId" = c.id
      WHERE c."orgId" = ${orgId} AND c."projectId" = ${projectId} AND c."goldAnswers" IS NOT NULL`;
    return row ?? { cases: 0, reads: 0 };
  },

  /** A reader's open assignments' places in the worklist order. */
  openPlaces(tx: Tx, orgId: string, projectId: string, readerId: string) {
    return tx.assignment.findMany({ where: { orgId, projectId, readerId, status: { in: OPEN } }, select: { priority: true, assignedAt: true } });
  },

  createMany(tx: Tx, orgId: string, projectId: string, rows: { caseId: string; readerId: string; priority: number; assignedAt?: Date }[]) {
    return tx.assignment.createMany({ data: rows.map((r) => ({ ...r, orgId, projectId })) });
  },

  /** One assignment with its case and project; scoped to the org (and to a reader when given). */
  find(tx: Tx | Db, orgId: string, id: string, readerId?: string) {
    return tx.assignment.findFirst({
      where: { id, orgId, ...(readerId ? { readerId } : {}) },
      select: { id: true, status: true, readerId: true, caseId: true, projectId: true, startedAt: true, timeSpentMs: true, case: { select: { goldAnswers: true } } },
    });
  },

  /** A case's assignments in these states (a collaborative case's readers submit and reopen together). */
  ofCaseIn(tx: Tx, orgId: string, caseId: string, statuses: ('ASSIGNED' | 'IN_PROGRESS' | 'SUBMITTED')[]) {
    return tx.assignment.findMany({
      where: { orgId, caseId, status: { in: statuses } },
      orderBy: { id: 'asc' },
      select: { id: true, status: true, readerId: true, caseId: true, projectId: true, startedAt: true, timeSpentMs: true },
    });
  },

  /**
   * The document name the reader of an assignment may still write, or null: still a member of
   * the organization, still the assignment's reader, the assignment open, the project active.
   * One statement (checked for every incoming edit); the name follows readDocOf.
   */
  async writableDocOf(client: Db, orgId: string, id: string, userId: string): Promise<string | null> {
    const rows = await client.$queryRaw<{ docName: string }[]>`
      SELECT CASE WHEN p."collaborative" AND c."goldAnswers" IS NULL THEN 'case:' || a."caseId" ELSE 'assignment:' || a."id" END AS "docName"
      FROM "Assignment" a
      JOIN "Project" p ON p."id" = a."projectId" AND p."orgId" = a."orgId"
      JOIN "Case" c ON c."id" = a."caseId"
      JOIN "Membership" m ON m."orgId" = a."orgId" AND m."userId" = ${userId}
      WHERE a."id" = ${id} AND a."orgId" = ${orgId} AND a."readerId" = ${userId}
        AND a."status" IN ('ASSIGNED', 'IN_PROGRESS') AND p."status" = 'ACTIVE'`;
    return rows[0]?.docName ?? null;
  },

  /** An assignment with its project's state and the given user's membership of that project. */
  findWithViewer(client: Tx | Db, orgId: string, id: string, userId: string) {
    return client.assignment.findFirst({
      where: { id, orgId },
      select: {
        id: true,
        status: true,
        readerId: true,
        caseId: true,
        projectId: true,
        schemaVersion: true,
        payload: true,
        case: { select: { goldAnswers: true } },
        project: { select: { status: true, schemaVersion: true, collaborative: true, members: { where: { userId }, select: { role: true, active: true } } } },
      },
    });
  },

  update(tx: Tx, orgId: string, id: string, data: Prisma.AssignmentUncheckedUpdateManyInput) {
    return tx.assignment.updateMany({ where: { id, orgId }, data });
  },

  /** Open assignments of a reader in a project (for removal), returning their cases. */
  async deleteOpenOf(tx: Tx, orgId: string, projectId: string, readerId: string) {
    const open = await tx.assignment.findMany({ where: { orgId, projectId, readerId, status: { in: OPEN } }, select: { caseId: true } });
    await tx.assignment.deleteMany({ where: { orgId, projectId, readerId, status: { in: OPEN } } });
    return open.map((a) => a.caseId);
  },

  async worklist(client: Db, orgId: string, readerId: string, opts: { projectId?: string; cursor?: string; limit: number }) {
    const rows = await client.assignment.findMany({
      where: { orgId, readerId, status: { in: OPEN }, project: { status: 'ACTIVE' }, ...(opts.projectId ? { projectId: opts.projectId } : {}) },
      // Matches the partial index Assignment_open_worklist_idx (see its migration).
      orderBy: [{ priority: 'desc' }, { assignedAt: 'asc' }, { id: 'asc' }],
      ...pageArgs(opts),
      select: {
        id: true,
        status: true,
        assignedAt: true,
        case: { select: { id: true, label: true, priority: true } },
        project: { select: { id: true, name: true } },
      },
    });
    return toPage(rows, opts.limit);
  },

  /** Counts kept by the ProjectStat triggers: cases by status and assignments by reader and status. */
  stats(client: Db, orgId: string, projectId: string) {
    return client.$queryRaw<{ kind: string; status: string; readerId: string; n: number }[]>`
      SELECT s.kind, s.status, s."readerId", s.n FROM "ProjectStat" s
      JOIN "Project" p ON p.id = s."projectId" AND p."orgId" = ${orgId}
      WHERE s."projectId" = ${projectId} AND s.n <> 0`;
  },

  /** Reads submitted per UTC day since `since`. */
  readsPerDay(client: Db, orgId: string, projectId: string, since: Date) {
    return client.$queryRaw<{ day: string; n: number }[]>`
      SELECT to_char(date_trunc('day', "submittedAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*)::int AS n FROM "Assignment"
      WHERE "orgId" = ${orgId} AND "projectId" = ${projectId} AND status = 'SUBMITTED' AND "submittedAt" >= ${since}
      GROUP BY 1 ORDER BY 1`;
  },

  /** Each reader's median time per submitted read, in milliseconds. */
  medianTimes(client: Db, orgId: string, projectId: string) {
    return client.$queryRaw<{ readerId: string; ms: number }[]>`
      SELECT "readerId", percentile_cont(0.5) WITHIN GROUP (ORDER BY "timeSpentMs")::float8 AS ms FROM "Assignment"
      WHERE "orgId" = ${orgId} AND "projectId" = ${projectId} AND status = 'SUBMITTED'
      GROUP BY "readerId"`;
  },
};

export const assignmentReadRepository = {
  /**
   * An assignment with what the case page shows, and the viewer's membership of its project: the
   * same answer as Prisma's `detailedSelect`, in one statement on the pool (see `sql`) where Prisma
   * made eight, each case page asks it.
   */
  async findDetailed(orgId: string, id: string, viewerId: string): Promise<DetailedAssignment | null> {
    const [row] = await sql<DetailedAssignment>`
      SELECT a.id, a.status::text AS status, a."skipReason", a."schemaVersion",
        json_build_object('id', r.id, 'name', r.name) AS reader,
        json_build_object('id', c.id, 'label', c.label, 'priority', c.priority, 'seriesId', c."seriesId", 'goldAnswers', c."goldAnswers",
          'study', (SELECT json_build_object('studyInstanceUid', st."studyInstanceUid", 'series', COALESCE((
              SELECT json_agg(json_build_object('id', se.id, 'seriesInstanceUid', se."seriesInstanceUid", 'seriesNumber', se."seriesNumber",
                'needsPixelReview', se."needsPixelReview", 'pixelReviewedAt', to_char(se."pixelReviewedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY se."seriesInstanceUid")
              FROM "Series" se WHERE se."studyId" = st.id), '[]'))
            FROM "Study" st WHERE st.id = c."studyId"),
          'assignments', COALESCE((
            SELECT json_agg(json_build_object('reader', json_build_object('id', u.id, 'name', u.name)) ORDER BY s."assignedAt", s.id)
            FROM "Assignment" s JOIN "User" u ON u.id = s."readerId" WHERE s."caseId" = c.id AND s.status <> 'SKIPPED'), '[]')) AS "case",
        json_build_object('id', p.id, 'name', p.name, 'schemaVersion', p."schemaVersion", 'status', p.status, 'collaborative', p.collaborative,
          'members', COALESCE((SELECT json_agg(json_build_object('role', m.role, 'active', m.active)) FROM "ProjectMember" m WHERE m."projectId" = p.id AND m."userId" = ${viewerId}), '[]')) AS project
      FROM "Assignment" a JOIN "User" r ON r.id = a."readerId" JOIN "Case" c ON c.id = a."caseId" JOIN "Project" p ON p.id = a."projectId"
      WHERE a.id = ${id} AND a."orgId" = ${orgId}`;
    // Dates inside JSON arrive as text.
    for (const s of row?.case.study?.series ?? []) s.pixelReviewedAt = s.pixelReviewedAt && new Date(s.pixelReviewedAt);
    return row ?? null;
  },

  /** What orders a series' images for the viewer (see server/contracts/slice-order). One statement (see `sql`): each case page asks it. */
  seriesSlices(orgId: string, seriesId: string) {
    return sql<{ sopInstanceUid: string; imagePosition: number[]; imageOrientation: number[]; instanceNumber: number | null; numberOfFrames: number }>`
      SELECT "sopInstanceUid", "imagePosition", "imageOrientation", "instanceNumber", "numberOfFrames" FROM "Instance" WHERE "orgId" = ${orgId} AND "seriesId" = ${seriesId}`;
  },
};
