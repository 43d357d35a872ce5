/* ── TENANT SCOPE ──────────────────────────────────────────────────────────────
 * Every method takes orgId and filters on it: a project id from another
 * organization finds nothing.
 * ──────────────────────────────────────────────────────────────────────────── */
import type { Prisma, Project, ProjectRole } from '@prisma/client';
import { sql, type Db, type Tx } from '../client';
import { pageArgs, toPage } from './page';

export const projectFields = {
  id: true,
  name: true,
  description: true,
  modality: true,
  readersPerCase: true,
  blinded: true,
  collaborative: true,
  consensusMethod: true,
  autoAcceptThreshold: true,
  goldRate: true,
  deidOptions: true,
  caseGrouping: true,
  status: true,
  schemaVersion: true,
  createdAt: true,
} as const;

/** A project's fields (projectFields) with the user's membership of it, if any. */
export type ProjectWithMembership = Pick<Project, keyof typeof projectFields> & { members: { role: ProjectRole; active: boolean }[] };

export const projectRepository = {
  /**
   * The project (in this org) with the user's membership of it, or null: the same answer as
   * Prisma's select of projectFields and members. One statement on the pool (see `sql`): every
   * project-scoped call makes it.
   */
  async findWithMembership(orgId: string, projectId: string, userId: string): Promise<ProjectWithMembership | null> {
    const [row] = await sql<Omit<ProjectWithMembership, 'members' | 'createdAt'> & { createdAt: string; memberRole: ProjectRole | null; memberActive: boolean | null }>`
      SELECT p.id, p.name, p.description, p.modality, p."readersPerCase", p.blinded, p.collaborative, p."consensusMethod"::text AS "consensusMethod",
        p."autoAcceptThreshold", p."goldRate", p."deidOptions", p."caseGrouping"::text AS "caseGrouping", p.status::text AS status, p."schemaVersion",
        to_char(p."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", pm.role::text AS "memberRole", pm.active AS "memberActive"
      FROM "Project" p LEFT JOIN "ProjectMember" pm ON pm."projectId" = p.id AND pm."userId" = ${userId}
      WHERE p.id = ${projectId} AND p."orgId" = ${orgId}`;
    if (!row) return null;
    const { memberRole, memberActive, createdAt, ...project } = row;
    return { ...project, createdAt: new Date(createdAt), members: memberRole ? [{ role: memberRole, active: Boolean(memberActive) }] : [] };
  },

  /** Projects visible to the user: all of the org's (admins), or those with an active membership. */
  async list(client: Db, orgId: string, opts: { userId: string; all: boolean; includeArchived: boolean; cursor?: string; limit: number; name?: string }) {
    const rows = await client.project.findMany({
      where: {
        orgId,
        ...(opts.includeArchived ? {} : { status: 'ACTIVE' }),
        ...(opts.all ? {} : { members: { some: { userId: opts.userId, active: true } } }),
        ...(opts.name ? { name: opts.name } : {}),
      },
      orderBy: [{ status: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      ...pageArgs(opts),
      select: { ...projectFields, members: { where: { userId: opts.userId }, select: { role: true, active: true } } },
    });
    return toPage(rows, opts.limit);
  },

  nameTaken(client: Db, orgId: string, name: string, exceptId?: string) {
    return client.project.count({ where: { orgId, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  },

  create(client: Db, orgId: string, data: Omit<Prisma.ProjectUncheckedCreateInput, 'orgId'>, schema: Prisma.InputJsonValue, createdById: string, managerId: string | null) {
    return client.$transaction(async (tx) => {
      const project = await tx.project.create({ data: { ...data, orgId, schemaVersion: 1 }, select: { id: true } });
      await tx.labelSchemaVersion.create({ data: { projectId: project.id, version: 1, schema, createdById } });
      if (managerId) await tx.projectMember.create({ data: { projectId: project.id, userId: managerId, role: 'MANAGER' } });
      return project;
    });
  },

  update(client: Db | Tx, orgId: string, projectId: string, data: Prisma.ProjectUpdateManyMutationInput) {
    return client.project.updateMany({ where: { id: projectId, orgId }, data });
  },

  schemaVersions(client: Db, orgId: string, projectId: string) {
    return client.labelSchemaVersion.findMany({
      where: { projectId, project: { orgId } },
      orderBy: { version: 'asc' },
      select: { version: true, schema: true, createdAt: true },
    });
  },

  /** Adds a schema version and makes it current, atomically; the unique (project, version) index rejects a racing save. */
  addSchemaVersion(client: Db, orgId: string, projectId: string, version: number, schema: Prisma.InputJsonValue, createdById: string) {
    return client.$transaction(async (tx) => {
      await tx.labelSchemaVersion.create({ data: { projectId, version, schema, createdById } });
      await tx.project.updateMany({ where: { id: projectId, orgId }, data: { schemaVersion: version } });
    });
  },

  members(client: Db, orgId: string, projectId: string) {
    return client.projectMember.findMany({
      where: { projectId, project: { orgId } },
      orderBy: [{ role: 'asc' }, { user: { name: 'asc' } }],
      select: { role: true, active: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    });
  },

  setMember(client: Db, projectId: string, userId: string, role: ProjectRole) {
    return client.projectMember.upsert({
      where: { projectId_userId: { projectId, userId } },
      create: { projectId, userId, role },
      update: { role, active: true },
      select: { id: true },
    });
  },

  deactivateMember(client: Prisma.TransactionClient, projectId: string, userId: string) {
    return client.projectMember.updateMany({ where: { projectId, userId }, data: { active: false } });
  },
};
