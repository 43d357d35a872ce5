/**
 * `npm start`: one process serving the Next.js app and its API. With no DATABASE_URL it
 * runs an embedded PostgreSQL under ./.concord/, applies migrations, seeds the demo and
 * prints the demo logins, works queued jobs in-process, and serves the collaboration server on /collab.
 */
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import next from 'next';
import { seedDemo, type DemoLogin } from '../prisma/seed/demo';
import { CLIENT_IP_HEADER } from './auth/client-ip';
import { authSecret, env, EnvError, reloadEnv } from './config/env';
import { disconnectDb } from './db/client';
import { openDatabase, type OpenedDatabase } from './db/connect';
import { ensureBuild } from './lib/build';
import { serveDirectly } from './lib/direct-routes';
import { logger } from './lib/logger';
import { startJobRunner } from '../workers/runner';
import { createCollabServer } from './realtime/collab';

process.env.NEXT_TELEMETRY_DISABLED = '1';
process.env.CHECKPOINT_DISABLE = '1';
const root = process.cwd();

function clientAddress(req: http.IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (env().TRUST_PROXY && typeof forwarded === 'string') return forwarded.split(',')[0]!.trim();
  return req.socket.remoteAddress ?? 'unknown';
}

function configureAuthUrl() {
  const e = env();
  if (e.PUBLIC_URL) process.env.NEXTAUTH_URL = e.PUBLIC_URL;
  // Without a configured public URL (the local default) the origin comes from the Host header,
  // so http://localhost:3000 and http://127.0.0.1:3000 both work.
  else process.env.AUTH_TRUST_HOST = 'true';
}

async function main() {
  env(); // fail fast on a bad environment, before any work
  await ensureBuild(root, (msg) => logger.info(msg));

  const database: OpenedDatabase = await openDatabase({ owner: 'server' });
  reloadEnv();
  if (database.applied.length) logger.info('migrations applied', { migrations: database.applied });
  authSecret(); // an external database means production: the secret must be configured
  configureAuthUrl();

  const seed = env().CONCORD_SEED_DEMO;
  const logins: DemoLogin[] = seed === 'true' || (seed === 'auto' && database.embedded) ? await seedDemo() : [];

  // The in-process job runner (ingest follow-ups); `npm run start:worker` runs the same handlers alone.
  const runner = await startJobRunner();

  const { HOST: host, PORT: port } = env();
  // Next attaches its own 'upgrade' listener to the server of the first request it sees, and would
  // take over /collab sockets too; it gets a stand-in emitter instead, and upgrades are routed below.
  const upgradesForNext = new EventEmitter() as unknown as http.Server;
  const app = next({ dev: false, dir: root, hostname: host, port, httpServer: upgradesForNext });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();

  const server = http.createServer((req, res) => {
    const requestId = crypto.randomUUID();
    const started = performance.now();
    req.headers['x-request-id'] = requestId;
    req.headers[CLIENT_IP_HEADER] = clientAddress(req);
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      const path = (req.url ?? '').split('?')[0];
      const fields = { requestId, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) };
      if (path?.startsWith('/_next/')) logger.debug('request', fields);
      else logger.info('request', fields);
    });
    if (!serveDirectly(req, res)) void handle(req, res);
  });
  // Annotation documents sync over /collab on the same port (`npm run start:collab` runs it apart).
  const collab = createCollabServer();
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/collab')) collab.httpServer.emit('upgrade', req, socket, head);
    else void upgrade(req, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));

  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = env().PUBLIC_URL ?? `http://${host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host}:${actualPort}`;
  database.publishUrl(url);
  logger.info('concord is ready', { url, database: database.embedded ? 'embedded' : 'external' });
  process.stdout.write(`\n  Concord is running at ${url}\n`);
  for (const l of logins) process.stdout.write(`  demo login: ${l.role} ${l.email} ${l.password}\n`);
  process.stdout.write('\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await collab.destroy().catch(() => {});
    await app.close().catch(() => {});
    await runner.stop().catch(() => {});
    await disconnectDb();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof EnvError) process.stderr.write(`${err.message}\n`);
  else logger.error('start failed', { err });
  process.exit(1);
});
