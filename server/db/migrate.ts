import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PrismaClient } from '@prisma/client';

const root = process.cwd();

/** Migration folder names in order, as the Prisma CLI sees them. */
export function migrationNames(): string[] {
  const dir = path.join(root, 'prisma', 'migrations');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Migrations in the repository that the database has not applied. */
export async function pendingMigrations(client: PrismaClient): Promise<string[]> {
  let applied: { migration_name: string }[] = [];
  try {
    applied = await client.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  } catch {
    // No migrations table yet: everything is pending.
  }
  const done = new Set(applied.map((r) => r.migration_name));
  return migrationNames().filter((m) => !done.has(m));
}

/** Applies pending migrations with `prisma migrate deploy` (asynchronously: an embedded database lives in this process). */
export async function applyMigrations(url: string): Promise<void> {
  const bin = path.join(root, 'node_modules', '.bin', 'prisma');
  try {
    await promisify(execFile)(bin, ['migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    throw new Error(`prisma migrate deploy failed:\n${err.stderr || err.stdout || String(e)}`);
  }
}

/** Applies migrations only when some are pending (the CLI costs seconds to start). */
export async function migrateIfNeeded(client: PrismaClient, url: string): Promise<string[]> {
  const pending = await pendingMigrations(client);
  if (pending.length) await applyMigrations(url);
  return pending;
}
