import type { Prisma } from '@prisma/client';
import type { Db } from '../client';

export interface AuditEventInput {
  orgId?: string | null;
  actorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  ip?: string | null;
}

/** The audit trail only grows: this repository has no update or delete, and a trigger forbids both. */
export const auditRepository = {
  async append(client: Db, event: AuditEventInput) {
    await client.auditEvent.create({
      data: { ...event, data: event.data as Prisma.InputJsonValue | undefined },
      select: { id: true },
    });
  },

  /** Whether this actor already has an event of this action on this target within this session. */
  async existsInSession(client: Db, orgId: string, actorId: string, action: string, targetId: string, sessionId: string) {
    const found = await client.auditEvent.findFirst({ where: { orgId, actorId, action, targetId, data: { path: ['sessionId'], equals: sessionId } }, select: { id: true } });
    return found !== null;
  },

  /** A page of an organization's events, newest first (keyset on the id), with the actor's name. */
  page(client: Db, orgId: string, f: AuditFilter & { before?: bigint; limit: number }) {
    return client.auditEvent.findMany({
      where: {
        orgId,
        ...(f.before ? { id: { lt: f.before } } : {}),
        ...(f.action ? { action: { startsWith: f.action } } : {}),
        ...(f.actorId ? { actorId: f.actorId } : {}),
        ...(f.targetId ? { targetId: f.targetId } : {}),
        ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
      },
      orderBy: { id: 'desc' },
      take: f.limit,
      select: { id: true, createdAt: true, actorId: true, action: true, targetType: true, targetId: true, data: true, ip: true },
    });
  },

  /** The distinct actions recorded in an organization, for the filter. */
  async actions(client: Db, orgId: string) {
    const rows = await client.auditEvent.findMany({ where: { orgId }, distinct: ['action'], select: { action: true }, orderBy: { action: 'asc' } });
    return rows.map((r) => r.action);
  },
};

export interface AuditFilter {
  /** An action, or a prefix of one ("case." for every case event). */
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

