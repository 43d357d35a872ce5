import { hashPassword } from '../../auth/password';
import { ZSignUpInputSchema, type TSignUpInput, type TSignUpResult } from '../../contracts/auth';
import { db } from '../../db/client';
import { accountRepository } from '../../db/repositories/account.repository';
import { organizationRepository } from '../../db/repositories/organization.repository';
import { userRepository } from '../../db/repositories/user.repository';
import { DomainError } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import { slugify, uniqueSlug } from './slug';

export type SignUpInput = TSignUpInput;

/** Creates an account and a personal organization owned by it. */
export async function signUp(input: SignUpInput, ip: string | null = null): Promise<TSignUpResult> {
  const { name, email, password } = ZSignUpInputSchema.parse(input);
  if (await userRepository.findByEmail(db(), email)) {
    throw new DomainError('CONFLICT', 'An account with this email already exists', { email: ['An account with this email already exists'] });
  }
  const slug = await uniqueSlug(slugify(name), (s) => organizationRepository.slugTaken(db(), s));
  const created = await accountRepository
    .createWithPersonalOrg(db(), { email, name, passwordHash: await hashPassword(password) }, { slug, name: `${name}'s workspace` })
    .catch((e: unknown) => {
      // Two sign-ups racing for one email: the unique index decides.
      if ((e as { code?: string }).code === 'P2002') throw new DomainError('CONFLICT', 'An account with this email already exists');
      throw e;
    });
  await recordAudit({ orgId: created.org.id, actorId: created.user.id, action: 'user.signed_up', targetType: 'user', targetId: created.user.id, ip });
  return { userId: created.user.id, orgSlug: created.org.slug };
}
