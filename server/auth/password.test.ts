import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('[AUTH]: password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('a long enough secret');
    expect(hash).toMatch(/^scrypt\$32768\$8\$3\$[\w-]+\$[\w-]+$/);
    expect(hash).not.toContain('a long enough secret');
    expect(await verifyPassword('a long enough secret', hash)).toBe(true);
    expect(await verifyPassword('a long enough secreT', hash)).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('treats malformed hashes as a mismatch, not an error', async () => {
    for (const bad of ['', 'plain', 'scrypt$1$2', 'bcrypt$1$2$3$abc$def']) {
      expect(await verifyPassword('anything at all', bad)).toBe(false);
    }
  });
});
