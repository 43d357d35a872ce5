import type { TAuditFilter } from '../../contracts/org';
import { db } from '../../db/client';
import { auditRepository } from '../../db/repositories/audit.repository';
import { userRepository } from '../../db/repositories/user.repository';
import { DomainError } from '../../errors/domain-error';
import { csvCell } from '../../contracts/csv';
import type { OrgContext } from '../context';
import { recordAudit } from './record';

const cursorOf = (cursor?: string) => {
  if (!cursor) return undefined;
  if (!/^\d{1,19}$/.test(cursor)) throw new DomainError('BAD_REQUEST', 'Not a valid page cursor');
  return BigInt(cursor);
};

async function withActors(ctx: OrgContext, rows: Awaited<ReturnType<typeof auditRepository.page>>) {
  const names = await userRepository.names(db(), rows.flatMap((r) => (r.actorId ? [r.actorId] : [])));
  return rows.map((r) => ({
    id: String(r.id),
    createdAt: r.createdAt,
    actor: r.actorId ? (names.get(r.actorId) ?? r.actorId) : null,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    data: r.data === null ? '' : JSON.stringify(r.data),
    ip: r.ip,
  }));
}

/** A page of the organization's audit trail, newest first, filtered. */
export async function listAudit(ctx: OrgContext, filter: TAuditFilter & { cursor?: string; limit: number }) {
  const rows = await auditRepository.page(db(), ctx.orgId, { ...filter, before: cursorOf(filter.cursor), limit: filter.limit + 1 });
  const more = rows.length > filter.limit;
  const items = await withActors(ctx, more ? rows.slice(0, filter.limit) : rows);
  return { items, nextCursor: more ? items.at(-1)!.id : null, actions: await auditRepository.actions(db(), ctx.orgId) };
}

/**
 * The filtered audit trail as CSV, streamed a thousand events at a time (never the whole log in
 * memory). The export itself is audited.
 */
export async function auditCsv(ctx: OrgContext, filter: TAuditFilter): Promise<ReadableStream<Uint8Array>> {
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'audit.exported', targetType: 'organization', targetId: ctx.orgId, data: { filter } });
  const enc = new TextEncoder();
  let before: bigint | undefined;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode('id,time,actor,action,target_type,target_id,ip,data\n'));
        return;
      }
      const rows = await auditRepository.page(db(), ctx.orgId, { ...filter, before, limit: 1000 });
      if (!rows.length) return controller.close();
      before = rows.at(-1)!.id;
      const lines = (await withActors(ctx, rows)).map((e) => [e.id, e.createdAt.toISOString(), e.actor, e.action, e.targetType, e.targetId, e.ip, e.data].map(csvCell).join(','));
      controller.enqueue(enc.encode(`${lines.join('\n')}\n`));
    },
  });
}
