/* ── TENANT SCOPE ── org-scoped methods take orgId; lookups by token hash are the public path. ── */
import type { OrgRole, ProjectRole } from '@prisma/client';
import type { Db, Tx } from '../client';

const fields = {
  id: true,
  email: true,
  orgRole: true,
  projectRole: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  org: { select: { id: true, slug: true, name: true } },
  project: { select: { id: true, name: true } },
} as const;

export const invitationRepository = {
  create(client: Db, data: { orgId: string; email: string; orgRole: OrgRole; projectId: string | null; projectRole: ProjectRole | null; tokenHash: string; invitedById: string; expiresAt: Date }) {
    return client.invitation.create({ data, select: { id: true } });
  },
  findByTokenHash(client: Db | Tx, tokenHash: string) {
    return client.invitation.findUnique({ where: { tokenHash }, select: fields });
  },
  pending(client: Db, orgId: string, now: Date) {
    return client.invitation.findMany({ where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: 'desc' }, take: 200, select: fields });
  },
  /** Marks it accepted only if still open: the count tells whether this call won. */
  markAccepted(tx: Tx, id: string, userId: string, now: Date) {
    return tx.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { acceptedAt: now, acceptedById: userId } });
  },
  revoke(client: Db, orgId: string, id: string, now: Date) {
    return client.invitation.updateMany({ where: { id, orgId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
  },
  upsertOrgMembership(tx: Tx, orgId: string, userId: string, role: OrgRole) {
    return tx.membership.upsert({ where: { userId_orgId: { userId, orgId } }, create: { orgId, userId, role }, update: {}, select: { role: true } });
  },
  upsertProjectMember(tx: Tx, projectId: string, userId: string, role: ProjectRole) {
    return tx.projectMember.upsert({ where: { projectId_userId: { projectId, userId } }, create: { projectId, userId, role }, update: { role, active: true }, select: { id: true } });
  },
};
