import type { TMember } from '../../contracts/org';
import { db } from '../../db/client';
import { organizationRepository } from '../../db/repositories/organization.repository';
import type { OrgContext } from '../context';

export interface ListMembersInput {
  cursor?: string;
  limit: number;
}

/** The organization's members, by name, a page at a time. */
export async function listMembers(ctx: OrgContext, input: ListMembersInput) {
  const page = await organizationRepository.listMembers(db(), ctx.orgId, input);
  const items: TMember[] = page.items.map((m) => ({
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    joinedAt: m.createdAt,
  }));
  return { items, nextCursor: page.nextCursor, total: page.total };
}
