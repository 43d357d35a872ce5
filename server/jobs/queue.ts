/**
 * The only code that talks to the job queue (pg-boss on the project's PostgreSQL). Web
 * processes send; the in-process runner (npm start) or `npm run start:worker` work.
 */
import { PgBoss } from 'pg-boss';
import { env } from '../config/env';
import { logger } from '../lib/logger';
import type { JobDefinition } from './definitions/job';

const holder = globalThis as unknown as { concordBoss?: { url: string; boss: Promise<PgBoss> } };

/** The process's queue client, started on first use (creating pg-boss's schema if missing). */
export function queue(): Promise<PgBoss> {
  const url = env().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (holder.concordBoss?.url !== url) {
    const boss = new PgBoss({ connectionString: url, max: 4, schema: 'pgboss' });
    boss.on('error', (err: unknown) => logger.error('job queue error', { err }));
    holder.concordBoss = { url, boss: boss.start().then(() => boss) };
  }
  return holder.concordBoss.boss;
}

const created = new Map<string, Promise<void>>();

/** Creates the queue once per process; concurrent first sends share one creation, and a queue made meanwhile by another process is fine. */
function ensureQueue(boss: PgBoss, def: JobDefinition<unknown>): Promise<void> {
  let pending = created.get(def.name);
  if (!pending) {
    pending = (async () => {
      if (await boss.getQueue(def.name)) return;
      try {
        await boss.createQueue(def.name, { policy: def.policy, retryLimit: def.retryLimit, retryDelay: def.retryDelaySeconds, retryBackoff: true, expireInSeconds: def.expireSeconds });
      } catch (err) {
        if (!(await boss.getQueue(def.name))) throw err;
      }
    })();
    pending.catch(() => created.delete(def.name));
    created.set(def.name, pending);
  }
  return pending;
}

/** Enqueues a job; with a key, jobs for the same key collapse into one waiting job. */
export async function enqueue<P>(def: JobDefinition<P>, payload: P, opts: { key?: string; delaySeconds?: number } = {}) {
  const boss = await queue();
  await ensureQueue(boss, def);
  const id = await boss.send(def.name, def.schema.parse(payload) as object, {
    ...(opts.key ? { singletonKey: opts.key } : {}),
    ...(opts.delaySeconds ? { startAfter: opts.delaySeconds } : {}),
  });
  if (!opts.delaySeconds) wakeSoon(boss, def.name);
  return id;
}

/** This process's worker per queue (the in-process runner), by queue name. */
const workers = new Map<string, string>();
const wakeTimers = new Map<string, NodeJS.Timeout>();
/** Queues whose burst of sends has ended: their worker takes job after job until none is left. */
const draining = new Set<string>();
const WAKE_AFTER_MS = 50;

/**
 * Wakes this process's worker for the queue a moment after the last of a burst of sends, rather
 * than at its next poll, and keeps it taking jobs while there are any: the series of an upload
 * (a study often has several) are checked at once after its last file, while during the upload
 * (a send per request: every 10–40 ms here, small files being sent several to a request) the
 * worker keeps to its poll and the series job does not run after every request. The wait is
 * part of every upload's time to its cases (100 ms was a sixth of the MR's). A worker in another
 * process still polls.
 */
function wakeSoon(boss: PgBoss, name: string) {
  const workerId = workers.get(name);
  if (!workerId) return;
  draining.delete(name);
  clearTimeout(wakeTimers.get(name));
  const timer = setTimeout(() => {
    wakeTimers.delete(name);
    draining.add(name);
    boss.notifyWorker(workerId);
  }, WAKE_AFTER_MS);
  wakeTimers.set(name, timer.unref());
}

export type Handler<P> = (payload: P) => Promise<void>;

/** Works a queue in this process until stopQueue(). */
export async function work<P>(def: JobDefinition<P>, handler: Handler<P>, opts: { pollSeconds?: number } = {}) {
  const boss = await queue();
  await ensureQueue(boss, def);
  const workerId = await boss.work(def.name, { pollingIntervalSeconds: opts.pollSeconds ?? 1, batchSize: 1 }, async (jobs) => {
    for (const job of jobs) await handler(def.schema.parse(job.data));
    // Asked during the job, the worker fetches again as soon as it ends instead of sleeping out its poll.
    const self = workers.get(def.name);
    if (self && draining.has(def.name)) boss.notifyWorker(self);
  });
  workers.set(def.name, workerId);
}

/**
 * Runs every job of a queue that is due now, in this call (tests and the CLI use it to finish
 * what they started without waiting for a poller). Returns the number of jobs run.
 */
export async function drain<P>(def: JobDefinition<P>, handler: Handler<P>): Promise<number> {
  const boss = await queue();
  await ensureQueue(boss, def);
  let n = 0;
  for (;;) {
    const jobs = await boss.fetch(def.name, { batchSize: 10 });
    if (jobs.length === 0) return n;
    for (const job of jobs) {
      try {
        await handler(def.schema.parse(job.data));
        await boss.complete(def.name, job.id);
      } catch (err) {
        await boss.fail(def.name, job.id, { message: (err as Error).message });
        throw err;
      }
      n++;
    }
  }
}

/** Failed jobs of a queue whose payload matches, newest first (for the manager's failed-jobs view). */
export async function failedJobs<P>(def: JobDefinition<P>, match: Record<string, string>, limit = 50) {
  const boss = await queue();
  await ensureQueue(boss, def);
  const jobs = await boss.findJobs(def.name, { data: match });
  return jobs
    .filter((j) => j.state === 'failed')
    .slice(0, limit)
    .map((j) => ({ id: j.id, data: j.data, output: j.output, completedOn: j.completedOn ?? null, retryCount: j.retryCount }));
}

export async function stopQueue() {
  const held = holder.concordBoss;
  holder.concordBoss = undefined;
  created.clear();
  workers.clear();
  draining.clear();
  for (const timer of wakeTimers.values()) clearTimeout(timer);
  wakeTimers.clear();
  if (held) await (await held.boss).stop({ graceful: true, timeout: 5000 });
}
