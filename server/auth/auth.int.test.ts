import { describe, expect, it } from 'vitest';
import { createUser, uniqueId } from '../../prisma/seed/factories';
import { DomainError } from '../errors/domain-error';
import { callerWithSession } from '../testing/callers';
import { authenticate } from './credentials';
import { closeSession, openSession, resolveSession } from './sessions';
import { encode } from 'next-auth/jwt';
import { authSecret } from '../config/env';
import { actorFromHeaders } from './request-actor';
import { sessionIdFromCookie } from './session-cookie';

const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe('[AUTH]: credentials', () => {
  it('signs in with the right password, case-insensitively on email', async () => {
    const user = await createUser();
    const result = await authenticate({ email: user.email.toUpperCase(), password: user.password }, ip());
    expect(result).toEqual({ id: user.id, email: user.email, name: user.name });
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const user = await createUser();
    expect(await authenticate({ email: user.email, password: 'not the password' }, ip())).toBeNull();
    expect(await authenticate({ email: `${uniqueId()}@example.test`, password: 'whatever it is' }, ip())).toBeNull();
  });

  it('rejects malformed input without touching the database', async () => {
    expect(await authenticate({ email: 42, password: ['x'] }, ip())).toBeNull();
    expect(await authenticate({ email: 'a@b.test', password: 'x'.repeat(5000) }, ip())).toBeNull();
  });

  it('locks an account after repeated failures, even for the right password, from any address', async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) expect(await authenticate({ email: user.email, password: `wrong-${i}-guess` }, ip())).toBeNull();
    await expect(authenticate({ email: user.email, password: user.password }, ip())).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('unlocks the account when the window has passed', async () => {
    const user = await createUser();
    const t0 = new Date('2026-01-01T10:00:00Z');
    for (let i = 0; i < 5; i++) await authenticate({ email: user.email, password: `wrong-${i}-guess` }, ip(), t0);
    await expect(authenticate({ email: user.email, password: user.password }, ip(), new Date(t0.getTime() + 60_000))).rejects.toBeInstanceOf(DomainError);
    const later = new Date(t0.getTime() + 16 * 60_000);
    expect(await authenticate({ email: user.email, password: user.password }, ip(), later)).not.toBeNull();
  });

  it('limits one address guessing across many accounts', async () => {
    const address = ip();
    const victim = await createUser();
    for (let i = 0; i < 30; i++) await authenticate({ email: `${uniqueId()}@example.test`, password: 'guessing-game' }, address);
    await expect(authenticate({ email: victim.email, password: victim.password }, address)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(await authenticate({ email: victim.email, password: victim.password }, ip())).not.toBeNull();
  });

  it('a success clears the account counter', async () => {
    const user = await createUser();
    for (let i = 0; i < 4; i++) await authenticate({ email: user.email, password: `wrong-${i}-guess` }, ip());
    expect(await authenticate({ email: user.email, password: user.password }, ip())).not.toBeNull();
    for (let i = 0; i < 4; i++) await authenticate({ email: user.email, password: `wrong-${i}-again` }, ip());
    expect(await authenticate({ email: user.email, password: user.password }, ip())).not.toBeNull();
  });
});

describe('[AUTH]: sessions', () => {
  it('resolves an open session to its user', async () => {
    const user = await createUser();
    const session = await openSession(user.id, null);
    expect(await resolveSession(session.id)).toMatchObject({ id: user.id, email: user.email, sessionId: session.id });
  });

  it('an expired session is no session', async () => {
    const user = await createUser();
    const session = await openSession(user.id, null, new Date(Date.now() - 13 * 3600_000));
    expect(await resolveSession(session.id)).toBeNull();
    const caller = await callerWithSession(session.id);
    await expect(caller.user.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('a session ends at its expiry to the minute, whatever the database connection\'s time zone', async () => {
    const user = await createUser();
    const session = await openSession(user.id, null);
    const end = session.expiresAt.getTime();
    expect(await resolveSession(session.id, new Date(end - 60_000))).toMatchObject({ id: user.id });
    expect(await resolveSession(session.id, new Date(end + 60_000))).toBeNull();
  });

  it('sign-out revokes the session at once', async () => {
    const user = await createUser();
    const session = await openSession(user.id, null);
    const caller = await callerWithSession(session.id);
    expect((await caller.user.me()).id).toBe(user.id);
    await closeSession(session.id);
    expect(await resolveSession(session.id)).toBeNull();
    await expect((await callerWithSession(session.id)).user.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('unknown and malformed session ids are anonymous', async () => {
    expect(await resolveSession('no-such-session')).toBeNull();
    expect(await resolveSession('')).toBeNull();
    expect(await resolveSession(undefined)).toBeNull();
  });
});

describe('[AUTH]: session cookies on plain HTTP requests', () => {
  const cookieFor = async (sid: string, secret = authSecret(), maxAge = 3600) => `next-auth.session-token=${await encode({ token: { sid }, secret, maxAge })}`;
  const actor = (cookie: string) => actorFromHeaders(new Headers({ cookie }));

  it('a decoded cookie is remembered, yet sign-out still takes effect on the next request', async () => {
    const user = await createUser();
    const session = await openSession(user.id, null);
    const cookie = await cookieFor(session.id);
    expect((await actor(cookie))?.id).toBe(user.id);
    expect((await actor(cookie))?.id).toBe(user.id);
    await closeSession(session.id);
    expect(await actor(cookie)).toBeNull();
  });

  it('a remembered cookie stops working at its expiry', async () => {
    const session = await openSession((await createUser()).id, null);
    const token = (await cookieFor(session.id, authSecret(), 60)).split('=')[1]!;
    const read = (name: string) => (name === 'next-auth.session-token' ? token : undefined);
    expect(await sessionIdFromCookie(read)).toBe(session.id);
    expect(await sessionIdFromCookie(read, Date.now() + 30_000)).toBe(session.id);
    expect(await sessionIdFromCookie(read, Date.now() + 61_000)).toBeNull();
  });

  it('a cookie sealed with another secret, or altered, is anonymous', async () => {
    const session = await openSession((await createUser()).id, null);
    expect(await actor(await cookieFor(session.id, 'another-secret-that-is-at-least-32-characters'))).toBeNull();
    const good = await cookieFor(session.id);
    expect(await actor(good)).not.toBeNull();
    expect(await actor(`${good.slice(0, -4)}AAAA`)).toBeNull();
    expect(await actor(`next-auth.session-token=${uniqueId()}`)).toBeNull();
  });
});
