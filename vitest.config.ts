import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['server/**/*.test.ts', 'prisma/**/*.test.ts', 'app/**/*.test.ts', 'workers/**/*.test.ts'],
    globalSetup: ['server/testing/global-setup.ts'],
    setupFiles: ['server/testing/setup.ts'],
    pool: 'forks',
    // Files share a worker's modules instead of importing them afresh (a quarter of the run's time).
    // Tests isolate themselves by their own organizations and users, and setup.ts closes the
    // database and queue after each file; a file that changes env calls reloadEnv itself.
    isolate: false,
    // Safety nets against hangs, not speed limits: a cold embedded database and scrypt take seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC', LOG_LEVEL: 'error' },
  },
});
