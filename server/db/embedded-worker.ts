import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Enough for the web pool, the job runner and a CLI alongside; queries are queued anyway. */
const MAX_CONNECTIONS = 64;

/**
 * The embedded database's thread (started by startEmbeddedDatabase in ./embedded): PGlite at
 * workerData.dataDir (in memory when null) served on 127.0.0.1:workerData.port until the parent
 * posts 'stop'. PGlite allows one process per data directory: the caller holds the lock.
 */
async function serve({ dataDir, port }: { dataDir: string | null; port: number }) {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? undefined);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: MAX_CONNECTIONS });
  keepProtocolCyclesWhole(server);
  await server.start();
  return async () => {
    await server.stop();
    await db.close();
  };
}

if (parentPort) {
  const parent = parentPort;
  serve(workerData as { dataDir: string | null; port: number }).then(
    (stop) => {
      parent.on('message', (message) => {
        if (message === 'stop') void stop().finally(() => parent.postMessage({ stopped: true }));
      });
      parent.postMessage({ ready: true });
    },
    (err: unknown) => parent.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
}

/** The parts of pglite-socket 0.2.17's shared query queue that the patch below touches. */
interface QueueItem {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}
interface QueryQueue {
  queue: QueueItem[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

/** Extended-protocol messages after which the same client must speak next (the cycle ends at Sync). */
const CYCLE_CONTINUES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));

/**
 * pglite-socket serves every connection from one PGlite session and queues single messages,
 * keeping a client's messages together only inside an explicit transaction. An extended-
 * protocol cycle (Parse, Bind, Execute ... Sync) of one connection can then interleave with
 * another's, and the unnamed statement of one is bound with the other's parameters ("bind
 * message supplies 2 parameters, but prepared statement requires 4"). This keeps each cycle
 * whole: after a message that continues a cycle, only the same connection is served until
 * its Sync. Written against pglite-socket 0.2.17 (pinned); the start fails loudly if the
 * queue's shape changes.
 */
function keepProtocolCyclesWhole(server: PGLiteSocketServer) {
  const q = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!q || !Array.isArray(q.queue) || typeof q.processQueue !== 'function' || typeof q.clearTransactionIfNeeded !== 'function') {
    throw new Error('pglite-socket internals changed: re-check keepProtocolCyclesWhole in server/db/embedded-worker.ts');
  }
  let cycleOpen = false;
  q.processQueue = async function processQueue() {
    if (q.processing) return;
    q.processing = true;
    while (q.queue.length > 0) {
      const pinned = (q.db.isInTransaction() || cycleOpen) && q.lastHandlerId !== null;
      const index = pinned ? q.queue.findIndex((item) => item.handlerId === q.lastHandlerId) : 0;
      if (index === -1) break; // the pinned connection's next message wakes the queue again
      const item = q.queue.splice(index, 1)[0]!;
      let bytes = 0;
      try {
        await q.db.runExclusive(() => q.db.execProtocolRawStream(item.message, { onRawData: (data) => { bytes += data.length; item.onData(data); } }));
      } catch (err) {
        cycleOpen = false;
        item.reject(err);
        continue;
      }
      q.lastHandlerId = item.handlerId;
      cycleOpen = CYCLE_CONTINUES.has(item.message[0]!);
      item.resolve(bytes);
    }
    q.processing = false;
  };
  // A connection that goes away mid-cycle must not keep the others waiting.
  const clear = q.clearTransactionIfNeeded.bind(q);
  q.clearTransactionIfNeeded = async (handlerId: number) => {
    if (cycleOpen && q.lastHandlerId === handlerId) {
      cycleOpen = false;
      q.lastHandlerId = null;
    }
    await clear(handlerId);
    await q.processQueue();
  };
}
