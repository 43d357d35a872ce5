import { actorFromHeaders } from '../auth/request-actor';
import { can } from '../authz/permissions';
import { ZAuditFilterSchema } from '../contracts/org';
import { organizationRepository } from '../db/repositories/organization.repository';
import { auditCsv } from '../domain/audit/browse';

const plain = (status: number, message: string) => new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * GET /api/orgs/<slug>/audit.csv?action=&actorId=&targetId=&from=&to= — the filtered audit
 * trail as a streamed CSV, for owners and admins (others: 403; outsiders: 404).
 */
export async function auditCsvResponse(request: Request, orgSlug: string): Promise<Response> {
  const actor = await actorFromHeaders(request.headers);
  if (!actor) return plain(401, 'Sign in first');
  const membership = await organizationRepository.findMembership(actor.id, orgSlug);
  if (!membership) return plain(404, 'Organization not found');
  if (!can(membership.role, 'org.audit.read')) return plain(403, 'Your role does not allow this');
  const q = new URL(request.url).searchParams;
  const date = (v: string | null) => (v ? new Date(v) : undefined);
  const filter = ZAuditFilterSchema.safeParse({
    action: q.get('action') || undefined,
    actorId: q.get('actorId') || undefined,
    targetId: q.get('targetId') || undefined,
    from: date(q.get('from')),
    to: date(q.get('to')),
  });
  if (!filter.success) return plain(400, `Bad filter: ${filter.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const body = await auditCsv({ actor, orgId: membership.org.id, role: membership.role }, filter.data);
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="audit-${orgSlug}.csv"`, 'cache-control': 'no-store' },
  });
}
