import { z } from 'zod';

/**
 * Every process (web, CLI, later realtime and worker) validates the environment with this one
 * schema at start; a bad variable stops the process with its name in the message.
 */
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgresql:// URL');

export const ZEnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.string().url().optional(),
    DATABASE_URL: postgresUrl.optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    CONCORD_DATA_DIR: z.string().min(1).default('.concord'),
    /** Where DICOM files are stored (content-addressed); default <CONCORD_DATA_DIR>/blobs. */
    CONCORD_BLOB_DIR: z.string().min(1).optional(),
    /** S3-compatible object storage for the DICOM files (and exports) instead of the local folder: set endpoint, bucket and keys together. */
    S3_ENDPOINT: z.string().url().optional(),
    S3_BUCKET: z.string().min(3).optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Prepended to every object key, e.g. "concord/". */
    S3_PREFIX: z.string().default(''),
    /** "path" (<endpoint>/<bucket>/<key>) or "virtual" (<bucket>.<endpoint host>/<key>). */
    S3_ADDRESSING: z.enum(['path', 'virtual']).default('path'),
    CONCORD_SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
    /** AES-256-GCM key (32 bytes, base64) for re-identification mappings; unset: no project can keep one. */
    CONCORD_REID_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64').optional(),
    /** Earlier re-identification keys, comma-separated: still read, until `concord reid rotate` re-seals their records with CONCORD_REID_KEY. */
    CONCORD_REID_OLD_KEYS: z
      .string()
      .refine((v) => v.split(',').every((k) => Buffer.from(k.trim(), 'base64').length === 32), 'must be comma-separated keys of 32 bytes, base64')
      .optional(),
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SESSION_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
    LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
    TRUST_PROXY: boolish.default(false),
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_DISPLAY_NAME: z.string().min(1).default('Single sign-on'),
    /** Redis for fan-out between several collaboration servers (production scale-out); unset: one server. */
    REDIS_URL: z.string().url().refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// URL').optional(),
    /** Port of `npm run start:collab` (the collaboration server as its own process). */
    COLLAB_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    /** Where browsers reach the collaboration server when it runs apart (ws:// or wss://); default: /collab on the app's origin. */
    COLLAB_PUBLIC_URL: z.string().url().refine((v) => /^wss?:\/\//.test(v), 'must be a ws:// or wss:// URL').optional(),
    /** Debounce (and its maximum wait) of compacting a document's update log into a snapshot. */
    COLLAB_COMPACT_DEBOUNCE_MS: z.coerce.number().int().min(0).default(2000),
    COLLAB_COMPACT_MAX_WAIT_MS: z.coerce.number().int().min(0).default(10_000),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .superRefine((env, ctx) => {
    const s3 = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
    if (s3.some((key) => env[key]) && !s3.every((key) => env[key])) {
      for (const key of s3) if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when any of S3_ENDPOINT, S3_BUCKET and the S3 keys is set' });
    }
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      for (const key of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when any OIDC_* variable is set' });
      }
    }
  });

export type TEnv = z.infer<typeof ZEnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses an environment; empty strings count as unset. Throws EnvError naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = ZEnvSchema.safeParse(present);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return result.data;
}

let cached: TEnv | undefined;

/** The validated environment of this process (parsed once). */
export function env(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For processes that change process.env during start (the embedded default). */
export function reloadEnv(): TEnv {
  cached = undefined;
  return env();
}

/** The secret for session cookies and tokens; production must set it, the embedded default generates one. */
export function authSecret(): string {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new EnvError(['AUTH_SECRET: is required (at least 32 characters) when DATABASE_URL is set']);
  return secret;
}

export function oidcEnabled(e: TEnv = env()): boolean {
  return Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);
}
