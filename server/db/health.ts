import fs from 'node:fs';
import path from 'node:path';
import { db } from './client';
import { pendingMigrations } from './migrate';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  database: 'ok' | 'unreachable';
  migrations: 'current' | 'pending' | 'unknown';
  pendingMigrations?: string[];
}

let version: string | undefined;

/** Database reachable, migrations current, version: what /api/health reports. */
export async function health(): Promise<Health> {
  version ??= (JSON.parse(fs.readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as { version: string }).version;
  try {
    await db().$queryRaw`SELECT 1`;
  } catch {
    return { status: 'degraded', version, database: 'unreachable', migrations: 'unknown' };
  }
  const pending = await pendingMigrations(db());
  return pending.length
    ? { status: 'degraded', version, database: 'ok', migrations: 'pending', pendingMigrations: pending }
    : { status: 'ok', version, database: 'ok', migrations: 'current' };
}
