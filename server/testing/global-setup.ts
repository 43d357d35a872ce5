import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../db/embedded';
import { applyMigrations } from '../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * One database for the whole run: the machine's PostgreSQL when DATABASE_URL is set (point it
 * at a throwaway database), otherwise an in-memory embedded PostgreSQL served on a loopback
 * port. Tests isolate themselves by creating their own organizations and users.
 */
export default async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const embedded = await startEmbeddedDatabase(null);
    url = embedded.url;
    stop = () => embedded.stop();
  }
  await applyMigrations(url);
  project.provide('databaseUrl', url);
  return async () => {
    await stop?.();
  };
}
