import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
/** The embedded database's folder for this run (fresh each run); fixtures find its port in runtime.json. */
export const e2eDataDir = path.join(os.tmpdir(), `concord-e2e-${port}`);

/** Debian's Chromium on CI; CHROMIUM_PATH or Playwright's own browser elsewhere. */
function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (found) return found;
  const bundled = (() => {
    try {
      return (createRequire(import.meta.url)('playwright-core') as { chromium: { executablePath(): string } }).chromium.executablePath();
    } catch {
      return undefined;
    }
  })();
  if (bundled && fs.existsSync(bundled)) return undefined; // Playwright finds its own
  throw new Error('No Chromium found: install Debian\'s chromium (apt-get install chromium) or set CHROMIUM_PATH');
}

// A re-identification key for the server and for the specs' own ingest (a fixed test key, nothing real is sealed with it).
process.env.CONCORD_REID_KEY ??= Buffer.alloc(32, 7).toString('base64');

// The main process (not the workers) starts from a clean embedded database.
if (!process.env.TEST_WORKER_INDEX) fs.rmSync(e2eDataDir, { recursive: true, force: true });

const serverEnv: Record<string, string> = {
  ...(process.env as Record<string, string>),
  PORT: String(port),
  HOST: '127.0.0.1',
  CONCORD_DATA_DIR: e2eDataDir,
  CONCORD_SEED_DEMO: 'true',
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
};
if (process.env.DATABASE_URL) serverEnv.AUTH_SECRET ??= 'e2e-secret-that-is-at-least-32-characters';

export default defineConfig({
  testDir: './specs',
  outputDir: './.artifacts/results',
  forbidOnly: Boolean(process.env.CI),
  workers: 1,
  // One retry on CI, where the 2-core machine's software WebGL has twice stalled a spec that passes
  // on every rerun; the list reporter names a test that needed it as "flaky", so it is seen, not hidden.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: path.join(root, 'e2e/.artifacts/playwright.json') }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    timezoneId: 'UTC',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'node --import tsx server/main.ts',
    cwd: root,
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    env: serverEnv,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
