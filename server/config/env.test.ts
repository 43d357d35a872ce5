import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('[CONFIG]: environment', () => {
  it('applies defaults to an empty environment', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.CONCORD_DATA_DIR).toBe('.concord');
    expect(env.LOGIN_MAX_FAILURES).toBe(5);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('names each bad variable', () => {
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x@y/z', AUTH_SECRET: 'short' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const message = (e as EnvError).message;
      expect(message).toMatch(/PORT:/);
      expect(message).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
      expect(message).toMatch(/AUTH_SECRET: must be at least 32 characters/);
    }
  });

  it('requires all OIDC variables once one is set', () => {
    expect(() => parseEnv({ OIDC_ISSUER: 'https://id.example.org' })).toThrow(/OIDC_CLIENT_ID: is required.*\n.*OIDC_CLIENT_SECRET: is required/);
    const env = parseEnv({ OIDC_ISSUER: 'https://id.example.org', OIDC_CLIENT_ID: 'concord', OIDC_CLIENT_SECRET: 's' });
    expect(env.OIDC_DISPLAY_NAME).toBe('Single sign-on');
  });

  it('requires the S3 endpoint, bucket and keys together, and defaults the rest', () => {
    expect(() => parseEnv({ S3_BUCKET: 'concord' })).toThrow(/S3_ENDPOINT: is required.*\n.*S3_ACCESS_KEY_ID: is required.*\n.*S3_SECRET_ACCESS_KEY: is required/);
    expect(() => parseEnv({ S3_ENDPOINT: 'not a url' })).toThrow(/S3_ENDPOINT/);
    const env = parseEnv({ S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'concord', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' });
    expect(env).toMatchObject({ S3_REGION: 'us-east-1', S3_PREFIX: '', S3_ADDRESSING: 'path' });
    expect(parseEnv({ S3_ADDRESSING: 'virtual' }).S3_ADDRESSING).toBe('virtual');
    expect(() => parseEnv({ S3_ADDRESSING: 'vhost' })).toThrow(/S3_ADDRESSING/);
    expect(parseEnv({}).S3_BUCKET).toBeUndefined();
  });

  it('takes old re-identification keys only as 32-byte base64 keys', () => {
    const k = Buffer.alloc(32, 1).toString('base64');
    expect(parseEnv({ CONCORD_REID_OLD_KEYS: `${k}, ${k}` }).CONCORD_REID_OLD_KEYS).toBe(`${k}, ${k}`);
    expect(() => parseEnv({ CONCORD_REID_OLD_KEYS: `${k},short` })).toThrow(/CONCORD_REID_OLD_KEYS/);
  });

  it('parses booleans strictly', () => {
    expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(() => parseEnv({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
  });
});
