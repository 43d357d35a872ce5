import { dataDir, ensureSecrets, readRuntime, writeRuntime, clearRuntime } from '../config/data-dir';
import { env, reloadEnv } from '../config/env';
import { db } from './client';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';
import { migrateIfNeeded } from './migrate';

export interface OpenedDatabase {
  url: string;
  embedded: boolean;
  /** Migrations applied by this call. */
  applied: string[];
  /** Records the URL the server answers on in runtime.json (embedded default only). */
  publishUrl(url: string): void;
  close(): Promise<void>;
}

/**
 * Resolves the database for this process and sets DATABASE_URL (and, for the embedded default,
 * AUTH_SECRET) in process.env, so that every module reading env() sees the same values.
 * - DATABASE_URL set: that PostgreSQL.
 * - otherwise: PGlite under CONCORD_DATA_DIR. PGlite allows one process per folder, so a
 *   process that finds a running server (runtime.json) connects to the port it published;
 *   otherwise it opens the folder itself and publishes its own port.
 */
export async function openDatabase(opts: { owner: 'server' | 'cli' }): Promise<OpenedDatabase> {
  const e = env();
  if (e.DATABASE_URL) {
    const applied = opts.owner === 'server' ? await migrateIfNeeded(db(), e.DATABASE_URL) : [];
    return { url: e.DATABASE_URL, embedded: false, applied, publishUrl: () => {}, close: async () => {} };
  }

  const dir = dataDir(e.CONCORD_DATA_DIR);
  process.env.AUTH_SECRET ??= ensureSecrets(dir).AUTH_SECRET;
  const running = readRuntime(dir);
  if (running && opts.owner === 'server') {
    throw new Error(`Another Concord process (pid ${running.pid}) is using ${dir}; stop it or set CONCORD_DATA_DIR`);
  }
  let embedded: EmbeddedDatabase | null = null;
  let url: string;
  if (running) {
    url = running.databaseUrl;
  } else {
    embedded = await startEmbeddedDatabase(`${dir}/pgdata`);
    url = embedded.url;
    writeRuntime(dir, { pid: process.pid, databaseUrl: embedded.url, url: '' });
  }
  process.env.DATABASE_URL = url;
  reloadEnv();
  const applied = embedded ? await migrateIfNeeded(db(), url) : [];
  const owned = embedded;
  return {
    url,
    embedded: true,
    applied,
    publishUrl(serverUrl) {
      if (owned) writeRuntime(dir, { pid: process.pid, databaseUrl: owned.url, url: serverUrl });
    },
    async close() {
      if (!owned) return;
      clearRuntime(dir);
      await owned.stop();
    },
  };
}

