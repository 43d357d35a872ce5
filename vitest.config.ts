import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['server/**/*.test.ts', 'prisma/**/*.test.ts', 'app/**/*.test.ts', 'workers/**/*.test.ts'],
    globalSetup: ['server/testing/global-setup.ts'],
    setupFiles: ['server/testing/setup.ts'],
    pool: 'forks',
    // Safety nets against hangs, not speed limits: a cold embedded database and scrypt take seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC', LOG_LEVEL: 'error' },
  },
});
