import type { TOrgRole } from '../../contracts/org';
import { db } from '../../db/client';
import { organizationAdminRepository, organizationWriteRepository } from '../../db/repositories/organization.repository';
import { userRepository } from '../../db/repositories/user.repository';
import { notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';

/** Every organization of the installation with its member count (CLI, installation administrators). */
export async function listAllOrgs() {
  const rows = await organizationAdminRepository.listAll(db());
  return rows.map((r) => ({ slug: r.slug, name: r.name, personal: r.personal, members: r._count.memberships, createdAt: r.createdAt }));
}

/** Adds (or re-roles) a user in an organization, by email and slug (CLI). */
export async function setMembershipByEmail(email: string, orgSlug: string, role: TOrgRole) {
  const [user, org] = await Promise.all([userRepository.findByEmail(db(), email), organizationWriteRepository.findBySlug(db(), orgSlug)]);
  if (!user) throw notFound('User');
  if (!org) throw notFound('Organization');
  await organizationWriteRepository.setMember(db(), org.id, user.id, role);
  await recordAudit({ orgId: org.id, action: 'member.role_set', targetType: 'user', targetId: user.id, data: { role, via: 'cli' } });
  return { userId: user.id, orgSlug: org.slug, role };
}

export async function orgExists(slug: string): Promise<boolean> {
  return Boolean(await organizationWriteRepository.findBySlug(db(), slug));
}
