/* ── TENANT SCOPE ──────────────────────────────────────────────────────────────
 * Organization lookups are always made through a membership of the acting user:
 * an organization the user does not belong to is indistinguishable from one that
 * does not exist.
 * ──────────────────────────────────────────────────────────────────────────── */
import type { OrgRole, Prisma } from '@prisma/client';
import { sql, type Db } from '../client';
import { pageArgs, toPage } from './page';

type Tx = Prisma.TransactionClient;

export interface OrgMembership {
  role: OrgRole;
  org: { id: string; slug: string; name: string; personal: boolean };
}
type MembershipRow = OrgMembership['org'] & { role: OrgRole };
const membershipOf = ({ role, ...org }: MembershipRow): OrgMembership => ({ role, org });

export const organizationRepository = {
  /**
   * The user's membership in the organization with this slug, or null. One statement on the pool
   * (see `sql`): every org-scoped call makes it, and Prisma spent about ten times its time on it.
   */
  async findMembership(userId: string, slug: string): Promise<OrgMembership | null> {
    const [row] = await sql<MembershipRow>`SELECT m.role::text AS role, o.id, o.slug, o.name, o.personal FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId" WHERE m."userId" = ${userId} AND o.slug = ${slug}`;
    return row ? membershipOf(row) : null;
  },

  /** The user's membership in the organization with this id, or null (as findMembership). */
  async findMembershipById(userId: string, orgId: string): Promise<OrgMembership | null> {
    const [row] = await sql<MembershipRow>`SELECT m.role::text AS role, o.id, o.slug, o.name, o.personal FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId" WHERE m."userId" = ${userId} AND m."orgId" = ${orgId}`;
    return row ? membershipOf(row) : null;
  },

  /** The user's memberships, personal organizations last, then by name. One statement (see `sql`): every page asks it. */
  async listForUser(userId: string): Promise<OrgMembership[]> {
    const rows = await sql<MembershipRow>`SELECT m.role::text AS role, o.id, o.slug, o.name, o.personal FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId" WHERE m."userId" = ${userId} ORDER BY o.personal, o.name`;
    return rows.map(membershipOf);
  },

  async slugTaken(client: Db | Tx, slug: string) {
    return (await client.organization.count({ where: { slug } })) > 0;
  },

  create(client: Tx, data: { slug: string; name: string; personal: boolean }) {
    return client.organization.create({ data, select: { id: true, slug: true } });
  },

  addMember(client: Tx, orgId: string, userId: string, role: OrgRole) {
    return client.membership.create({ data: { orgId, userId, role }, select: { id: true } });
  },

  async listMembers(client: Db, orgId: string, page: { cursor?: string; limit: number }) {
    const [rows, total] = await Promise.all([
      client.membership.findMany({
        where: { orgId },
        orderBy: [{ user: { name: 'asc' } }, { id: 'asc' }],
        ...pageArgs(page),
        select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
      }),
      client.membership.count({ where: { orgId } }),
    ]);
    return { ...toPage(rows, page.limit), total };
  },
};

export const organizationWriteRepository = {
  findBySlug(client: Db, slug: string) {
    return client.organization.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
  },
  /** Creates an organization with its first members, atomically. */
  createWithMembers(client: Db, org: { slug: string; name: string; personal?: boolean }, members: { userId: string; role: OrgRole }[]) {
    return client.$transaction(async (tx) => {
      const created = await tx.organization.create({ data: { ...org, personal: org.personal ?? false }, select: { id: true, slug: true, name: true } });
      for (const m of members) await tx.membership.create({ data: { orgId: created.id, userId: m.userId, role: m.role } });
      return created;
    });
  },
  setMember(client: Db, orgId: string, userId: string, role: OrgRole) {
    return client.membership.upsert({ where: { userId_orgId: { userId, orgId } }, create: { orgId, userId, role }, update: { role }, select: { id: true } });
  },
};

/** Installation-wide listing, for the administrators' CLI only (no tenant scope by design). */
export const organizationAdminRepository = {
  listAll(client: Db) {
    return client.organization.findMany({
      orderBy: { slug: 'asc' },
      select: { id: true, slug: true, name: true, personal: true, createdAt: true, _count: { select: { memberships: true } } },
    });
  },
};

export const membershipRepository = {
  findByUser(client: Db, orgId: string, userId: string) {
    return client.membership.findUnique({ where: { userId_orgId: { userId, orgId } }, select: { role: true } });
  },
};

export const membershipWriteRepository = {
  countOwners(tx: Tx, orgId: string) {
    return tx.membership.count({ where: { orgId, role: 'OWNER' } });
  },
  /** Serialises role changes of one organization, so two admins cannot demote the last two owners at once. */
  async lockOrg(tx: Tx, orgId: string) {
    await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${orgId} FOR UPDATE`;
  },
  find(tx: Tx, orgId: string, userId: string) {
    return tx.membership.findUnique({ where: { userId_orgId: { userId, orgId } }, select: { role: true } });
  },
  setRole(tx: Tx, orgId: string, userId: string, role: OrgRole) {
    return tx.membership.update({ where: { userId_orgId: { userId, orgId } }, data: { role }, select: { id: true } });
  },
  remove(tx: Tx, orgId: string, userId: string) {
    return tx.membership.delete({ where: { userId_orgId: { userId, orgId } }, select: { id: true } });
  },
  projectIdsOf(tx: Tx, orgId: string, userId: string) {
    return tx.projectMember.findMany({ where: { userId, active: true, project: { orgId } }, select: { projectId: true } });
  },
};
