import fs from 'node:fs';
import net from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** An embedded PostgreSQL (PGlite) served over the wire protocol on a loopback port. */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Enough for the web pool, the job runner and a CLI alongside; queries are queued anyway. */
const MAX_CONNECTIONS = 64;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Opens PGlite at `dataDir` (in memory when null) and serves it on 127.0.0.1.
 * PGlite allows one process per data directory: callers hold the directory lock.
 */
export async function startEmbeddedDatabase(dataDir: string | null, port?: number): Promise<EmbeddedDatabase> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? undefined);
  const chosen = port ?? (await freePort());
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: chosen, maxConnections: MAX_CONNECTIONS });
  await server.start();
  return {
    port: chosen,
    url: `postgresql://postgres@127.0.0.1:${chosen}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
