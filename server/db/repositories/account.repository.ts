import type { Db } from '../client';

export const accountRepository = {
  /** Creates a user with a personal organization they own, atomically. */
  createWithPersonalOrg(
    client: Db,
    user: { email: string; name: string; passwordHash: string | null },
    org: { slug: string; name: string },
  ) {
    return client.$transaction(async (tx) => {
      const created = await tx.user.create({ data: user, select: { id: true, email: true, name: true } });
      const organization = await tx.organization.create({ data: { ...org, personal: true }, select: { id: true, slug: true } });
      await tx.membership.create({ data: { userId: created.id, orgId: organization.id, role: 'OWNER' } });
      return { user: created, org: organization };
    });
  },
};
