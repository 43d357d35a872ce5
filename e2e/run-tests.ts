/**
 * `npm test`: unit and integration tests (Vitest in two processes, see ./vitest-shards, against the
 * embedded database or DATABASE_URL),
 * then the production build if it is stale, then the end-to-end tests in Chromium (Playwright).
 * Ends with one line "N passed, N failed" over both runners.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuild } from '../server/lib/build';
import { vitestInShards } from './vitest-shards';

const root = path.resolve(import.meta.dirname, '..');
const artifacts = path.join(root, 'e2e', '.artifacts');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

const testEnv = () => ({ ...process.env, TZ: 'UTC', NEXT_TELEMETRY_DISABLED: '1', CHECKPOINT_DISABLE: '1' });

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: testEnv() });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

async function main() {
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const vitest = await vitestInShards(bin('vitest'), root, testEnv(), (shard) => path.join(artifacts, `vitest-${shard}.json`));
  const unit = Math.max(...vitest.map((s) => s.code));

  await ensureBuild(root, (msg) => console.log(msg));
  const e2e = await run(bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts']);

  const reports = vitest.map((s) => readJson<{ numPassedTests: number; numFailedTests: number }>(s.report));
  const p = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(path.join(artifacts, 'playwright.json'));
  const vPassed = reports.reduce((n, v) => n + (v?.numPassedTests ?? 0), 0);
  // A run that failed without a report (a crash) counts as one failure.
  const vFailed = reports.reduce((n, v) => n + (v?.numFailedTests ?? 0), 0) || (unit ? 1 : 0);
  const passed = vPassed + (p ? p.stats.expected + p.stats.flaky : 0);
  const failed = vFailed + (p ? p.stats.unexpected : e2e ? 1 : 0);
  console.log(`\nvitest: exit ${unit}; playwright: exit ${e2e}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(unit || e2e ? 1 : 0);
}

void main();
