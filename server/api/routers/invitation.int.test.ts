import { describe, expect, it } from 'vitest';
import { createUser } from '../../../prisma/seed/factories';
import { fingerprint } from '../../db/fingerprint';
import { acceptInvitation } from '../../domain/orgs/invitations';
import { callerFor } from '../../testing/callers';
import { projectWorld } from '../../testing/project-world';

describe('[INVITE]: invitations', () => {
  it('a PM invites a reader into their project; the invitee accepts once and joins org and project', async () => {
    const w = await projectWorld();
    const pm = await w.as(w.users.MANAGER);
    const invitee = await createUser();
    const inv = await pm.invitation.create({ orgSlug: w.scope.orgSlug, email: invitee.email.toUpperCase(), projectId: w.scope.projectId, projectRole: 'READER' });
    expect(inv.path).toBe(`/invite/${inv.token}`);

    const anon = await callerFor(null);
    expect(await anon.invitation.view({ token: inv.token })).toMatchObject({ email: invitee.email, orgRole: 'MEMBER', projectRole: 'READER' });

    const api = await callerFor(invitee);
    expect(await api.invitation.accept({ token: inv.token })).toEqual({ orgSlug: w.scope.orgSlug, projectId: w.scope.projectId });
    expect((await api.project.get(w.scope)).myRole).toBe('READER');
    await expect(api.invitation.accept({ token: inv.token })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: 'This invitation has already been used' });
    await expect(anon.invitation.view({ token: inv.token })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('refuses an expired link, someone else’s link, a forged token and a revoked one, changing nothing', async () => {
    const w = await projectWorld();
    const admin = await w.as(w.users.ADMIN);
    const invitee = await createUser();
    const inv = await admin.invitation.create({ orgSlug: w.scope.orgSlug, email: invitee.email, orgRole: 'ADMIN' });
    const [outsider, asInvitee] = [await callerFor(w.users.outsider), await callerFor(invitee)];
    const before = await fingerprint();
    await expect(acceptInvitation(invitee, inv.token, new Date(Date.now() + 8 * 86_400_000))).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', userMessage: 'This invitation has expired; ask for a new one' });
    await expect(outsider.invitation.accept({ token: inv.token })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asInvitee.invitation.accept({ token: 'A'.repeat(43) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asInvitee.invitation.accept({ token: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await fingerprint()).toEqual(before);
    await admin.invitation.revoke({ orgSlug: w.scope.orgSlug, invitationId: inv.id });
    await expect((await callerFor(invitee)).invitation.accept({ token: inv.token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('only admins invite without a project or invite admins; readers and leads cannot invite; outsiders see nothing', async () => {
    const w = await projectWorld();
    const email = 'someone@example.test';
    await expect((await w.as(w.users.MANAGER)).invitation.create({ orgSlug: w.scope.orgSlug, email })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await w.as(w.users.MANAGER)).invitation.create({ orgSlug: w.scope.orgSlug, email, orgRole: 'ADMIN', projectId: w.scope.projectId, projectRole: 'READER' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await w.as(w.users.READER)).invitation.create({ orgSlug: w.scope.orgSlug, email, projectId: w.scope.projectId, projectRole: 'READER' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await w.as(w.users.MEMBER)).invitation.create({ orgSlug: w.scope.orgSlug, email, projectId: w.scope.projectId, projectRole: 'READER' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await w.as(w.users.outsider)).invitation.create({ orgSlug: w.scope.orgSlug, email })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await w.as(w.users.ADMIN)).invitation.create({ orgSlug: w.scope.orgSlug, email, orgRole: 'OWNER' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await w.as(w.users.OWNER)).invitation.create({ orgSlug: w.scope.orgSlug, email, orgRole: 'OWNER' })).resolves.toMatchObject({ path: expect.stringMatching(/^\/invite\//) });
  });
});

describe('[ORG]: managing members', () => {
  it('never demotes or removes the last owner', async () => {
    const w = await projectWorld();
    const owner = await w.as(w.users.OWNER);
    const admin = await w.as(w.users.ADMIN);
    const before = await fingerprint();
    await expect(owner.org.setRole({ orgSlug: w.scope.orgSlug, userId: w.users.OWNER.id, role: 'ADMIN' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(owner.org.removeMember({ orgSlug: w.scope.orgSlug, userId: w.users.OWNER.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(admin.org.setRole({ orgSlug: w.scope.orgSlug, userId: w.users.OWNER.id, role: 'MEMBER' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await fingerprint()).toEqual(before);
    await owner.org.setRole({ orgSlug: w.scope.orgSlug, userId: w.users.ADMIN.id, role: 'OWNER' });
    await owner.org.setRole({ orgSlug: w.scope.orgSlug, userId: w.users.OWNER.id, role: 'MEMBER' });
    expect((await owner.org.get({ orgSlug: w.scope.orgSlug })).role).toBe('MEMBER');
  });

  it('removing a reader from the organization returns their open assignments to the pool', async () => {
    const w = await projectWorld({ readers: 2, readersPerCase: 2 });
    const pm = await w.as(w.users.MANAGER);
    await pm.case.create({ ...w.scope, label: 'A', priority: 0 });
    await pm.case.distribute(w.scope);
    await (await w.as(w.users.ADMIN)).org.removeMember({ orgSlug: w.scope.orgSlug, userId: w.readers[0]!.id });
    const c = (await pm.case.list(w.scope)).items[0]!;
    expect(c.assignments.map((a) => a.readerId)).toEqual([w.readers[1]!.id]);
    await expect((await w.as(w.readers[0]!)).project.get(w.scope)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
