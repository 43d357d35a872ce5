import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reloadEnv } from '../../server/config/env';
import { until } from '../../server/testing/collab-client';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The production server (`server/main.ts`, built app; BENCH_NODE_ARGS adds node flags, e.g. `--cpu-prof`) on a fresh embedded database (or on the
 * fresh PostgreSQL database `databaseUrl`), no demo data.
 * This process is pointed at the same database and data folder, so the bench's own setup
 * (users, projects, ingest through callers) is what the server sees.
 */
export async function startBenchServer(port: number, databaseUrl = '') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-'));
  const secret = 'bench-secret-that-is-at-least-32-characters';
  const server = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ') ?? []), '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CONCORD_DATA_DIR: dataDir, CONCORD_SEED_DEMO: 'false', AUTH_SECRET: secret, LOG_LEVEL: 'error', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await until(async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok === true, 'the server', 300_000);
    process.env.DATABASE_URL = databaseUrl || (JSON.parse(fs.readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as { databaseUrl: string }).databaseUrl;
    process.env.AUTH_SECRET = secret;
    process.env.CONCORD_DATA_DIR = dataDir; // ingest here writes the blobs the server reads
    delete process.env.CONCORD_BLOB_DIR;
    reloadEnv();
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, stop };
}
