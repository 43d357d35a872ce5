/**
 * Factories for seeding: the demo seed, integration tests and e2e tests build their data
 * with these, through the same repositories the application uses.
 */
import crypto from 'node:crypto';
import { hashPassword } from '../../server/auth/password';
import type { TOrgRole } from '../../server/contracts/org';
import { db } from '../../server/db/client';
import { organizationWriteRepository } from '../../server/db/repositories/organization.repository';
import { userRepository, userWriteRepository } from '../../server/db/repositories/user.repository';

export const DEFAULT_TEST_PASSWORD = 'correct-horse-battery';

export function uniqueId(prefix = 't'): string {
  return `${prefix}${crypto.randomBytes(5).toString('hex')}`;
}

export interface SeededUser {
  id: string;
  email: string;
  name: string;
  password: string;
}

/** A user with a password; reuses the account if the email exists (for idempotent seeds). */
export async function createUser(opts: { email?: string; name?: string; password?: string } = {}): Promise<SeededUser> {
  const email = (opts.email ?? `${uniqueId('user-')}@example.test`).toLowerCase();
  const password = opts.password ?? DEFAULT_TEST_PASSWORD;
  const name = opts.name ?? email.split('@')[0]!;
  const existing = await userRepository.findByEmail(db(), email);
  if (existing) return { ...existing, password };
  const user = await userWriteRepository.create(db(), { email, name, passwordHash: await hashPassword(password) });
  return { ...user, password };
}

/** An organization with members; reuses it (and sets the roles) if the slug exists. */
export async function createOrg(opts: { name?: string; slug?: string; members: { user: { id: string }; role: TOrgRole }[] }) {
  const slug = opts.slug ?? uniqueId('org-');
  const name = opts.name ?? `Org ${slug}`;
  const existing = await organizationWriteRepository.findBySlug(db(), slug);
  if (existing) {
    for (const m of opts.members) await organizationWriteRepository.setMember(db(), existing.id, m.user.id, m.role);
    return existing;
  }
  return organizationWriteRepository.createWithMembers(db(), { slug, name }, opts.members.map((m) => ({ userId: m.user.id, role: m.role })));
}
