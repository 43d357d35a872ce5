import { db } from '../db/client';
import { accountRepository } from '../db/repositories/account.repository';
import { organizationRepository } from '../db/repositories/organization.repository';
import { userRepository } from '../db/repositories/user.repository';
import { ZEmailSchema } from '../contracts/auth';
import { recordAudit } from '../domain/audit/record';
import { slugify, uniqueSlug } from '../domain/accounts/slug';

/**
 * The Concord user for an identity-provider sign-in, matched by verified email; a first
 * sign-in creates the account (without a password) and its personal organization.
 */
export async function userForOidcProfile(profile: { email?: string | null; name?: string | null }) {
  const email = ZEmailSchema.safeParse(profile.email);
  if (!email.success) return null;
  const existing = await userRepository.findByEmail(db(), email.data);
  if (existing) return existing;
  const name = profile.name?.trim() || email.data;
  const slug = await uniqueSlug(slugify(name), (s) => organizationRepository.slugTaken(db(), s));
  const created = await accountRepository.createWithPersonalOrg(db(), { email: email.data, name, passwordHash: null }, { slug, name: `${name}'s workspace` });
  await recordAudit({ orgId: created.org.id, actorId: created.user.id, action: 'user.signed_up', data: { via: 'oidc' } });
  return created.user;
}
