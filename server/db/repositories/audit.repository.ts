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
};
