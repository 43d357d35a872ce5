import { beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createUser, type SeededUser } from '../../../prisma/seed/factories';
import type { TOrgRole } from '../../contracts/org';
import { fingerprint } from '../../db/fingerprint';
import { callerFor } from '../../testing/callers';

let users: Record<TOrgRole | 'outsider', SeededUser>;
let org: { slug: string; id: string };
let otherOrg: { slug: string };

beforeAll(async () => {
  const [owner, admin, member, outsider] = await Promise.all([createUser({ name: 'Owen' }), createUser({ name: 'Ada' }), createUser({ name: 'Mel' }), createUser({ name: 'Oscar' })]);
  users = { OWNER: owner, ADMIN: admin, MEMBER: member, outsider };
  org = await createOrg({ members: [{ user: owner, role: 'OWNER' }, { user: admin, role: 'ADMIN' }, { user: member, role: 'MEMBER' }] });
  otherOrg = await createOrg({ members: [{ user: outsider, role: 'OWNER' }] });
});

describe('[ORG]: user.me and org.mine', () => {
  it('returns the signed-in user and only their organizations', async () => {
    const caller = await callerFor(users.MEMBER);
    expect(await caller.user.me()).toEqual({ id: users.MEMBER.id, email: users.MEMBER.email, name: 'Mel' });
    expect((await caller.org.mine()).map((o) => o.slug)).toEqual([org.slug]);
  });

  it('requires a session', async () => {
    const anon = await callerFor(null);
    await expect(anon.user.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.org.mine()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.org.members({ orgSlug: org.slug })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('[ORG]: org.get and org.members by role', () => {
  it.each(['OWNER', 'ADMIN', 'MEMBER'] as const)('%s sees the organization with their role', async (role) => {
    const got = await (await callerFor(users[role])).org.get({ orgSlug: org.slug });
    expect(got).toMatchObject({ slug: org.slug, role });
  });

  it.each(['OWNER', 'ADMIN'] as const)('%s lists members, by name', async (role) => {
    const page = await (await callerFor(users[role])).org.members({ orgSlug: org.slug });
    expect(page.total).toBe(3);
    expect(page.items.map((m) => m.name)).toEqual(['Ada', 'Mel', 'Owen']);
    expect(page.nextCursor).toBeNull();
  });

  it('pages through members with a cursor', async () => {
    const caller = await callerFor(users.OWNER);
    const first = await caller.org.members({ orgSlug: org.slug, limit: 2 });
    expect(first.items.map((m) => m.name)).toEqual(['Ada', 'Mel']);
    const second = await caller.org.members({ orgSlug: org.slug, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((m) => m.name)).toEqual(['Owen']);
    expect(second.nextCursor).toBeNull();
  });

  it('a MEMBER may not list members (FORBIDDEN: the organization is visible to them)', async () => {
    const caller = await callerFor(users.MEMBER);
    await expect(caller.org.members({ orgSlug: org.slug })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('[ORG]: outsiders and bad input', () => {
  it('an outsider gets NOT_FOUND for another organization, the same as for one that does not exist, and nothing changes', async () => {
    const caller = await callerFor(users.outsider);
    const before = await fingerprint();
    await expect(caller.org.get({ orgSlug: org.slug })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Organization not found' });
    await expect(caller.org.members({ orgSlug: org.slug })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Organization not found' });
    await expect(caller.org.get({ orgSlug: 'no-such-org-anywhere' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Organization not found' });
    expect(await fingerprint()).toEqual(before);
    expect((await caller.org.get({ orgSlug: otherOrg.slug })).role).toBe('OWNER');
  });

  it('rejects malformed input with BAD_REQUEST', async () => {
    const caller = await callerFor(users.OWNER);
    await expect(caller.org.get({ orgSlug: '../etc/passwd' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.org.members({ orgSlug: org.slug, limit: 1000 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.org.members({ orgSlug: org.slug, limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
