import { describe, expect, it } from 'vitest';
import { ZSignUpInputSchema } from './auth';

const ok = { name: 'Ada Lovelace', email: 'Ada@Example.org ', password: 'analytical-engine' };

function passwordErrors(password: string, email = ok.email) {
  const result = ZSignUpInputSchema.safeParse({ ...ok, email, password });
  return result.success ? [] : result.error.issues.filter((i) => i.path[0] === 'password').map((i) => i.message);
}

describe('[AUTH]: sign-up input and password policy', () => {
  it('normalises the email', () => {
    expect(ZSignUpInputSchema.parse(ok).email).toBe('ada@example.org');
  });

  it('accepts a long passphrase without composition rules', () => {
    expect(passwordErrors('correct horse battery staple')).toEqual([]);
  });

  it.each([
    ['short1!', 'Use at least 10 characters'],
    ['aaaaaaaaaaaa', 'Use more than two different characters'],
    ['Password123', 'This password is too common'],
    ['x'.repeat(60) + 'y'.repeat(69), 'Use at most 128 characters'],
  ])('rejects %s', (password, message) => {
    expect(passwordErrors(password)).toContain(message);
  });

  it('rejects a password containing the email name', () => {
    expect(passwordErrors('my-adal-password', 'adaL@example.org')).toContain('The password must not contain your email name');
    expect(passwordErrors('ada-is-fine-here', 'ada@example.org')).toEqual([]);
  });

  it('rejects a malformed email and an empty name', () => {
    const result = ZSignUpInputSchema.safeParse({ ...ok, email: 'not-an-email', name: '  ' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0]).sort()).toEqual(['email', 'name']);
  });
});
