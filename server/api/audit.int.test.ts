import { describe, expect, it } from 'vitest';
import { auditCsvResponse } from './audit-csv';
import { db } from '../db/client';
import { sessionCookie } from '../testing/dicom';
import { projectWorld } from '../testing/project-world';

const csvOf = async (slug: string, user: { id: string } | null, query = '') => {
  const headers = new Headers();
  if (user) headers.set('cookie', (await sessionCookie(user)).cookie);
  const res = await auditCsvResponse(new Request(`http://test.local/api/orgs/${slug}/audit.csv${query}`, { headers }), slug);
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
};

describe('[AUDIT] the audit trail: browse, filter, export', () => {
  it('owners and admins page through their organization’s events, newest first, filtered by action, target and time; no one else sees them', async () => {
    const w = await projectWorld({ readers: 2 });
    const owner = await w.as(w.users.OWNER);
    const all = await owner.org.audit({ orgSlug: w.scope.orgSlug, limit: 100 });
    expect(all.items.length).toBeGreaterThan(3);
    expect(all.items.map((e) => Number(e.id))).toEqual([...all.items.map((e) => Number(e.id))].sort((a, b) => b - a));
    expect(all.items.find((e) => e.action === 'project.created')).toMatchObject({ actor: 'Owner', targetType: 'project', targetId: w.scope.projectId });
    expect(all.actions).toContain('project.member_set');

    const members = await owner.org.audit({ orgSlug: w.scope.orgSlug, limit: 100, action: 'project.member' });
    expect(members.items.length).toBe(4); // manager, lead, two readers
    expect(members.items.every((e) => e.action.startsWith('project.member'))).toBe(true);
    expect((await owner.org.audit({ orgSlug: w.scope.orgSlug, limit: 100, targetId: w.scope.projectId })).items.every((e) => e.targetId === w.scope.projectId)).toBe(true);
    expect((await owner.org.audit({ orgSlug: w.scope.orgSlug, limit: 100, from: new Date(Date.now() + 60_000) })).items).toEqual([]);

    // Pages of two follow each other without gaps or repeats.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await owner.org.audit({ orgSlug: w.scope.orgSlug, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((e) => e.id));

    // Another organization's events never show; roles without the right are refused.
    const outsiderOrg = (await db().membership.findFirstOrThrow({ where: { userId: w.users.outsider.id }, include: { org: true } })).org;
    expect(all.items.some((e) => e.targetId === outsiderOrg.id)).toBe(false);
    expect((await (await w.as(w.users.ADMIN)).org.audit({ orgSlug: w.scope.orgSlug, limit: 5 })).items).toHaveLength(5);
    for (const role of ['MEMBER', 'MANAGER', 'LEAD', 'READER'] as const) {
      await expect((await w.as(w.users[role])).org.audit({ orgSlug: w.scope.orgSlug, limit: 5 }), role).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect((await w.as(w.users.outsider)).org.audit({ orgSlug: w.scope.orgSlug, limit: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(owner.org.audit({ orgSlug: w.scope.orgSlug, limit: 5, cursor: 'abc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('exports the filtered trail as CSV (streamed), records the export, and refuses everyone else', async () => {
    const w = await projectWorld({ readers: 1 });
    const slug = w.scope.orgSlug;
    const csv = await csvOf(slug, w.users.ADMIN, '?action=project.member');
    expect(csv).toMatchObject({ status: 200, type: 'text/csv; charset=utf-8' });
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('id,time,actor,action,target_type,target_id,ip,data');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['project.member_set', 'project.member_set', 'project.member_set']);
    const exported = await db().auditEvent.findFirstOrThrow({ where: { action: 'audit.exported', actorId: w.users.ADMIN.id } });
    expect(exported.data).toEqual({ filter: { action: 'project.member' } });

    expect((await csvOf(slug, w.users.MANAGER)).status).toBe(403);
    expect((await csvOf(slug, w.users.outsider)).status).toBe(404);
    expect((await csvOf(slug, null)).status).toBe(401);
    expect(await csvOf(slug, w.users.OWNER, '?from=yesterday')).toMatchObject({ status: 400, text: expect.stringMatching(/^Bad filter: from/) });
  });
});
