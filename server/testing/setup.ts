import { afterAll, inject } from 'vitest';
import { reloadEnv } from '../config/env';
import { disconnectDb } from '../db/client';

process.env.DATABASE_URL = inject('databaseUrl');
process.env.AUTH_SECRET ??= 'test-secret-that-is-at-least-32-characters-long';
process.env.DATABASE_POOL_MAX = '4';
reloadEnv();

afterAll(async () => {
  await disconnectDb();
});
