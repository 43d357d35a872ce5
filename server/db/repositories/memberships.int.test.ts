import { describe, expect, it } from 'vitest';
import { createOrg } from '../../../prisma/seed/factories';
import { projectWorld } from '../../testing/project-world';
import { db } from '../client';
import { organizationRepository } from './organization.repository';
import { projectFields, projectRepository } from './project.repository';

/**
 * The lookups every org- and project-scoped call makes are single SQL statements rather than
 * Prisma queries: they must answer exactly what Prisma's selects answer, for members and others.
 */
describe('[TENANCY] the membership lookups', () => {
  it('answer what Prisma answers: the org membership by slug and id, the user’s organizations, and the project with the user’s project membership', { timeout: 60_000 }, async () => {
    const w = await projectWorld({ readers: 1 });
    const { orgId } = await db().project.findUniqueOrThrow({ where: { id: w.scope.projectId }, select: { orgId: true } });
    // Every column kind: a JSON object, a float, a nullable float, enums, a date.
    await db().project.update({ where: { id: w.scope.projectId }, data: { deidOptions: { keepDates: true, profile: ['clean'] }, goldRate: 0.125, autoAcceptThreshold: null, caseGrouping: 'SERIES', status: 'ARCHIVED' } });
    await db().projectMember.updateMany({ where: { projectId: w.scope.projectId, userId: w.readers[0]!.id }, data: { active: false } });
    const org = { select: { id: true, slug: true, name: true, personal: true } };
    for (const user of [...Object.values(w.users), w.readers[0]!]) {
      const byPrisma = await db().membership.findFirst({ where: { userId: user.id, org: { slug: w.scope.orgSlug } }, select: { role: true, org } });
      expect(await organizationRepository.findMembership(user.id, w.scope.orgSlug)).toEqual(byPrisma);
      expect(await organizationRepository.findMembershipById(user.id, orgId)).toEqual(byPrisma);
      const project = await db().project.findFirst({ where: { id: w.scope.projectId, orgId }, select: { ...projectFields, members: { where: { userId: user.id }, select: { role: true, active: true } } } });
      expect(await projectRepository.findWithMembership(orgId, w.scope.projectId, user.id)).toEqual(project);
    }
    // The list of a user's organizations: personal ones last, then by name.
    await createOrg({ name: 'Zeta imaging', members: [{ user: w.users.LEAD, role: 'ADMIN' }] });
    await createOrg({ name: 'Alpha imaging', members: [{ user: w.users.LEAD, role: 'MEMBER' }] });
    const personal = await createOrg({ name: 'A personal one', members: [{ user: w.users.LEAD, role: 'OWNER' }] });
    await db().organization.update({ where: { id: personal.id }, data: { personal: true } });
    const mine = await db().membership.findMany({ where: { userId: w.users.LEAD.id }, orderBy: [{ org: { personal: 'asc' } }, { org: { name: 'asc' } }], select: { role: true, org } });
    expect(mine.map((m) => m.org.name)).toEqual(['Alpha imaging', expect.stringMatching(/^Org /), 'Zeta imaging', 'A personal one']);
    expect(await organizationRepository.listForUser(w.users.LEAD.id)).toEqual(mine);
    expect(await organizationRepository.findMembership(w.users.outsider.id, w.scope.orgSlug)).toBeNull();
    expect(await organizationRepository.findMembership(w.users.OWNER.id, 'no-such-org')).toBeNull();
    // A project of another organization is not found through this one.
    const other = await db().membership.findFirstOrThrow({ where: { userId: w.users.outsider.id }, select: { orgId: true } });
    expect(await projectRepository.findWithMembership(other.orgId, w.scope.projectId, w.users.OWNER.id)).toBeNull();
  });
});
