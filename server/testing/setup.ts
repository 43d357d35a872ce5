import os from 'node:os';
import path from 'node:path';
import { afterAll, inject } from 'vitest';
import { reloadEnv } from '../config/env';
import { disconnectDb } from '../db/client';
import { stopQueue } from '../jobs/queue';

process.env.DATABASE_URL = inject('databaseUrl');
process.env.AUTH_SECRET ??= 'test-secret-that-is-at-least-32-characters-long';
process.env.DATABASE_POOL_MAX = '4';
process.env.CONCORD_BLOB_DIR ??= path.join(os.tmpdir(), 'concord-test-blobs');
reloadEnv();

afterAll(async () => {
  await stopQueue();
  await disconnectDb();
});
