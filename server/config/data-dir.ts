import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded default keeps everything it owns under one folder (default ./.concord/):
 * the PGlite data, generated secrets, and runtime.json, through which the CLI finds a
 * running server's database port.
 */
export function dataDir(configured: string): string {
  const dir = path.resolve(configured);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Generates AUTH_SECRET on first start and reuses it after, so sessions survive restarts. */
export function ensureSecrets(dir: string): { AUTH_SECRET: string } {
  const file = path.join(dir, 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as { AUTH_SECRET: string };
  const secrets = { AUTH_SECRET: crypto.randomBytes(32).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export interface RuntimeInfo {
  pid: number;
  /** The embedded database as served on loopback by the running process. */
  databaseUrl: string;
  url: string;
}

const runtimeFile = (dir: string) => path.join(dir, 'runtime.json');

export function writeRuntime(dir: string, info: RuntimeInfo) {
  fs.writeFileSync(runtimeFile(dir), JSON.stringify(info, null, 2));
}

export function clearRuntime(dir: string) {
  fs.rmSync(runtimeFile(dir), { force: true });
}

/** The running server's runtime info, or null when none is running (stale files ignored). */
export function readRuntime(dir: string): RuntimeInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(runtimeFile(dir), 'utf8')) as RuntimeInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}
