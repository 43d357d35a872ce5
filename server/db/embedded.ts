import { once } from 'node:events';
import { createRequire } from 'node:module';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** An embedded PostgreSQL (PGlite) served over the wire protocol on a loopback port. */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

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
 * tsx's ESM API, which the thread registers before it loads TypeScript: vitest has no tsx loader
 * and its module runner has no import.meta.resolve, so the path comes from require's resolution
 * (the CommonJS build) beside which the ESM build lies.
 */
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;

type WorkerMessage = { ready: true } | { stopped: true } | { error: string };

/**
 * Opens PGlite at `dataDir` (in memory when null) and serves it on 127.0.0.1, from a thread of its
 * own (./embedded-worker): PGlite runs every query as WebAssembly on the thread that holds it, and
 * on the server's main thread that work came between its requests. In its own thread it runs
 * beside them (a warm 176-file MR upload on the embedded default: 1.9 s before, 1.6 s after).
 * PGlite allows one process per data directory: callers hold the directory lock.
 */
export async function startEmbeddedDatabase(dataDir: string | null, port?: number): Promise<EmbeddedDatabase> {
  const chosen = port ?? (await freePort());
  const boot = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./embedded-worker.ts', import.meta.url).href)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { dataDir, port: chosen } });
  let stopping = false;
  const failed = (err: Error) => {
    if (stopping) return;
    // The database is gone: as when it ran on this thread, the process goes down with it.
    setImmediate(() => {
      throw err;
    });
  };
  const answer = await new Promise<WorkerMessage>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', (err) => resolve({ error: err.message }));
    worker.once('exit', (code) => resolve({ error: `exit code ${code}` }));
  });
  if (!('ready' in answer)) {
    await worker.terminate();
    throw new Error(`The embedded database did not start: ${'error' in answer ? answer.error : 'no answer'}`);
  }
  worker.on('error', failed);
  worker.on('exit', (code) => failed(new Error(`The embedded database's thread ended (exit code ${code})`)));
  return {
    port: chosen,
    url: `postgresql://postgres@127.0.0.1:${chosen}/postgres?sslmode=disable`,
    async stop() {
      stopping = true;
      const stopped = Promise.race([once(worker, 'message'), once(worker, 'exit')]);
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}
