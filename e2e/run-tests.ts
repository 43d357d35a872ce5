/**
 * `npm test`: unit and integration tests (Vitest, against the embedded database or DATABASE_URL),
 * then the production build if it is stale, then the end-to-end tests in Chromium (Playwright).
 * Ends with one line "N passed, N failed" over both runners.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuild } from '../server/lib/build';

const root = path.resolve(import.meta.dirname, '..');
const artifacts = path.join(root, 'e2e', '.artifacts');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC', NEXT_TELEMETRY_DISABLED: '1', CHECKPOINT_DISABLE: '1' } });
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
  const vitestJson = path.join(artifacts, 'vitest.json');
  const unit = await run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);

  await ensureBuild(root, (msg) => console.log(msg));
  const e2e = await run(bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts']);

  const v = readJson<{ numPassedTests: number; numFailedTests: number }>(vitestJson);
  const p = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(path.join(artifacts, 'playwright.json'));
  const passed = (v?.numPassedTests ?? 0) + (p ? p.stats.expected + p.stats.flaky : 0);
  const failed = (v?.numFailedTests ?? (unit ? 1 : 0)) + (p ? p.stats.unexpected : e2e ? 1 : 0);
  console.log(`\nvitest: exit ${unit}; playwright: exit ${e2e}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(unit || e2e ? 1 : 0);
}

void main();
