import { ZEmailSchema, type TUser } from '../contracts/auth';
import { db } from '../db/client';
import { userRepository } from '../db/repositories/user.repository';
import { recordAudit } from '../domain/audit/record';
import { DomainError } from '../errors/domain-error';
import { dummyHash, verifyPassword } from './password';
import { clearAccountFailures, isThrottled, recordFailedSignIn } from './throttle';

export interface CredentialsInput {
  email: unknown;
  password: unknown;
}

/**
 * Checks an email and password. Returns the user, or null for wrong credentials (the same
 * answer whether or not the account exists); throws TOO_MANY_REQUESTS while the account or
 * the client address is locked out. A locked-out attempt is not even checked.
 */
export async function authenticate(input: CredentialsInput, ip: string | null, now = new Date()): Promise<TUser | null> {
  const parsed = ZEmailSchema.safeParse(input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  if (!parsed.success || !password || password.length > 1024) return null;
  const email = parsed.data;

  if (await isThrottled(email, ip, now)) {
    await recordAudit({ action: 'auth.sign_in_throttled', targetType: 'user', targetId: email, ip });
    throw new DomainError('TOO_MANY_REQUESTS', 'Too many failed sign-in attempts. Wait a few minutes and try again.');
  }

  const user = await userRepository.findCredentialsByEmail(db(), email);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !user.passwordHash || !ok) {
    await recordFailedSignIn(email, ip, now);
    await recordAudit({ actorId: user?.id ?? null, action: 'auth.sign_in_failed', targetType: 'user', targetId: email, ip });
    return null;
  }
  await clearAccountFailures(email);
  return { id: user.id, email: user.email, name: user.name };
}
