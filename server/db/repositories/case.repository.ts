/* ── TENANT SCOPE ── every method takes orgId and filters on it. ── */
import { Prisma, type CaseStatus } from '@prisma/client';
import type { Db } from '../client';
import { pageArgs, toPage } from './page';

type Tx = Prisma.TransactionClient;

export const caseRepository = {
  create(client: Db, orgId: string, projectId: string, data: { label: string; priority: number }) {
    return client.case.create({ data: { ...data, orgId, projectId }, select: { id: true } });
  },

  labelTaken(client: Db, orgId: string, projectId: string, label: string) {
    return client.case.count({ where: { orgId, projectId, label } });
  },

  /** A page in service order (priority, then age); the total comes from ProjectStat. */
  async page(client: Db, orgId: string, projectId: string, opts: { cursor?: string; limit: number; status?: CaseStatus }) {
    const where = { orgId, projectId, ...(opts.status ? { status: opts.status } : {}) };
    const rows = await client.case.findMany({
        where,
        orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
        ...pageArgs(opts),
        select: {
          id: true,
          label: true,
          priority: true,
          status: true,
          goldAnswers: true,
          createdAt: true,
          seriesId: true,
          study: { select: { studyInstanceUid: true, series: { select: { id: true, seriesInstanceUid: true } } } },
          assignments: { orderBy: { assignedAt: 'asc' }, select: { id: true, status: true, reader: { select: { id: true, name: true } } } },
          flags: { where: { resolvedAt: null }, orderBy: { createdAt: 'asc' }, select: { id: true, kind: true, note: true, readerId: true, createdAt: true } },
        },
      });
    return toPage(rows, opts.limit);
  },

  /** Cases still short of readers, in service order, with how many they need. */
  needingReaders(tx: Tx, orgId: string, projectId: string, onlyCaseId?: string) {
    return tx.$queryRaw<{ id: string; needed: number; priority: number }[]>`
      SELECT c.id, c.priority, (p."readersPerCase" - count(a.id) FILTER (WHERE a.status <> 'SKIPPED'))::int AS needed
      FROM "Case" c
      JOIN "Project" p ON p.id = c."projectId"
      LEFT JOIN "Assignment" a ON a."caseId" = c.id
      WHERE c."orgId" = ${orgId} AND c."projectId" = ${projectId}
        AND c."goldAnswers" IS NULL
        AND c.status IN ('NEW', 'ASSIGNED', 'READING')
        AND (${onlyCaseId ?? null}::text IS NULL OR c.id = ${onlyCaseId ?? null})
      GROUP BY c.id, p."readersPerCase"
      HAVING count(a.id) FILTER (WHERE a.status <> 'SKIPPED') < p."readersPerCase"
      ORDER BY c.priority DESC, c."createdAt", c.id`;
  },

  /** A case with what marking it gold depends on. */
  async forGold(client: Db, orgId: string, projectId: string, caseId: string) {
    const c = await client.case.findFirst({ where: { orgId, projectId, id: caseId }, select: { goldAnswers: true, _count: { select: { assignments: true } } } });
    return c && { goldAnswers: c.goldAnswers, assignments: c._count.assignments };
  },

  setGold(client: Db, orgId: string, caseId: string, answers: Record<string, unknown> | null) {
    return client.case.updateMany({ where: { orgId, id: caseId }, data: { goldAnswers: answers === null ? Prisma.DbNull : (answers as Prisma.InputJsonValue) } });
  },

  /** Gold-standard cases in service order, with who has (or skipped) each already. */
  gold(tx: Tx, orgId: string, projectId: string) {
    return tx.case.findMany({ where: { orgId, projectId, goldAnswers: { not: Prisma.DbNull } }, orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }], select: { id: true, priority: true, assignments: { select: { readerId: true } } } });
  },

  /** Gold-standard cases with their known answers and the current reads' answers. */
  async goldReads(client: Db, orgId: string, projectId: string) {
    const cases = await client.case.findMany({ where: { orgId, projectId, goldAnswers: { not: Prisma.DbNull } }, select: { id: true, goldAnswers: true } });
    const reads = await client.read.findMany({
      where: { orgId, projectId, supersededAt: null, caseId: { in: cases.map((c) => c.id) } },
      select: { caseId: true, readerId: true, answers: { select: { questionId: true, value: true } } },
    });
    return cases.map((c) => ({ ...c, reads: reads.filter((r) => r.caseId === c.id) }));
  },

  async any(client: Db, orgId: string, projectId: string) {
    return (await client.case.findFirst({ where: { orgId, projectId }, select: { id: true } })) !== null;
  },

  /** The given cases with their assignments' statuses (to recompute the case status from). */
  async withAssignments(tx: Tx, orgId: string, caseIds: string[]) {
    return tx.case.findMany({
      where: { orgId, id: { in: caseIds } },
      select: { id: true, status: true, goldAnswers: true, project: { select: { readersPerCase: true } }, assignments: { select: { status: true } } },
    });
  },

  setStatus(tx: Tx, orgId: string, caseId: string, status: CaseStatus) {
    return tx.case.updateMany({ where: { orgId, id: caseId }, data: { status } });
  },
};

export const caseFlagRepository = {
  create(client: Db, f: { orgId: string; projectId: string; caseId: string; assignmentId: string; readerId: string; kind: string; note: string }) {
    return client.caseFlag.create({ data: f, select: { id: true } });
  },
};
