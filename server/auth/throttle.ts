import { env } from '../config/env';
import { db } from '../db/client';
import { loginThrottleRepository } from '../db/repositories/login-throttle.repository';

/** Sign-in attempts are limited per account and per client address, in a fixed window. */
function keys(email: string, ip: string | null) {
  return { account: `account:${email}`, ip: ip ? `ip:${ip}` : null };
}

function windowStart(now: Date) {
  return new Date(now.getTime() - env().LOGIN_WINDOW_MINUTES * 60_000);
}

export async function isThrottled(email: string, ip: string | null, now: Date): Promise<boolean> {
  const k = keys(email, ip);
  const since = windowStart(now);
  const account = await loginThrottleRepository.failures(db(), k.account, since);
  if (account >= env().LOGIN_MAX_FAILURES) return true;
  if (!k.ip) return false;
  return (await loginThrottleRepository.failures(db(), k.ip, since)) >= env().LOGIN_MAX_FAILURES_PER_IP;
}

export async function recordFailedSignIn(email: string, ip: string | null, now: Date) {
  const k = keys(email, ip);
  const since = windowStart(now);
  await loginThrottleRepository.recordFailure(db(), k.account, now, since);
  if (k.ip) await loginThrottleRepository.recordFailure(db(), k.ip, now, since);
}

/** A successful sign-in clears the account's counter (not the address's: one good account must not unlock guessing others). */
export async function clearAccountFailures(email: string) {
  await loginThrottleRepository.reset(db(), keys(email, null).account);
}
