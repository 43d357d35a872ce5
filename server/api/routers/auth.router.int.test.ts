import { describe, expect, it } from 'vitest';
import { createUser, uniqueId } from '../../../prisma/seed/factories';
import { authenticate } from '../../auth/credentials';
import { fingerprint } from '../../db/fingerprint';
import { callerFor } from '../../testing/callers';
import { httpMutation, type HttpError } from '../../testing/http';

describe('[AUTH]: auth.signUp', () => {
  it('creates an account with a personal organization it owns, and the account can sign in', async () => {
    const anon = await callerFor(null);
    const email = `${uniqueId('ada-')}@example.test`;
    const result = await anon.auth.signUp({ name: 'Ada Lovelace', email, password: 'analytical engine' });
    expect(result.orgSlug).toMatch(/^ada-lovelace(-\d+)?$/);
    const user = await authenticate({ email, password: 'analytical engine' }, '127.0.0.1');
    expect(user?.id).toBe(result.userId);
    const orgs = await (await callerFor(user)).org.mine();
    expect(orgs).toEqual([expect.objectContaining({ slug: result.orgSlug, role: 'OWNER', personal: true })]);
  });

  it('gives a second person with the same name another slug', async () => {
    const anon = await callerFor(null);
    const name = `Grace ${uniqueId()}`;
    const a = await anon.auth.signUp({ name, email: `${uniqueId()}@example.test`, password: 'compiler pioneer' });
    const b = await anon.auth.signUp({ name, email: `${uniqueId()}@example.test`, password: 'compiler pioneer' });
    expect(b.orgSlug).toBe(`${a.orgSlug}-2`);
  });

  it('refuses a duplicate email with a field error and changes nothing', async () => {
    const existing = await createUser();
    const before = await fingerprint();
    const res = await httpMutation('auth.signUp', { name: 'Someone', email: existing.email.toUpperCase(), password: 'another passphrase' });
    expect(res.status).toBe(409);
    expect((res.body as HttpError['error']).data).toMatchObject({ code: 'CONFLICT', fieldErrors: { email: ['An account with this email already exists'] } });
    expect(await fingerprint()).toEqual(before);
  });

  it('refuses a weak password and a malformed email with field errors and changes nothing', async () => {
    const before = await fingerprint();
    const res = await httpMutation('auth.signUp', { name: 'X', email: 'nope', password: 'short' });
    expect(res.status).toBe(400);
    const data = (res.body as HttpError['error']).data;
    expect(data).toMatchObject({ code: 'BAD_REQUEST', userMessage: 'Some fields are invalid' });
    expect(data.stack).toBeUndefined();
    expect(data.fieldErrors?.email).toEqual(['Enter a valid email address']);
    expect(data.fieldErrors?.password).toContain('Use at least 10 characters');
    expect(await fingerprint()).toEqual(before);
  });
});
