import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '@prisma/client';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { env } from '../config/env';

export type Db = PrismaClient;

const holder = globalThis as unknown as { concordPrisma?: PrismaClient; concordPrismaUrl?: string; concordPool?: pg.Pool };

/** The process-wide Prisma client and its pg pool on DATABASE_URL (re-created if the URL changed, e.g. in tests). */
function connection(): { prisma: PrismaClient; pool: pg.Pool } {
  const url = env().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the server sets it before anything touches the database');
  if (!holder.concordPrisma || !holder.concordPool || holder.concordPrismaUrl !== url) {
    // Idle connections stay open (each holds the statements `sql` has prepared on it, see there),
    // without keeping a finished script alive.
    holder.concordPool = new pg.Pool({ connectionString: url, max: env().DATABASE_POOL_MAX, idleTimeoutMillis: 0, allowExitOnIdle: true });
    const adapter = new PrismaPg(holder.concordPool);
    // Prisma gives up on starting a transaction after 2 s waiting for a pooled connection: a busy
    // machine (or the embedded database, which serves one query at a time) waits longer than that.
    holder.concordPrisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 30_000, timeout: 30_000 } });
    holder.concordPrismaUrl = url;
  }
  return { prisma: holder.concordPrisma, pool: holder.concordPool };
}

export const db = (): PrismaClient => connection().prisma;

export async function disconnectDb() {
  await holder.concordPrisma?.$disconnect();
  await holder.concordPool?.end();
  holder.concordPrisma = undefined;
  holder.concordPool = undefined;
}

/**
 * One statement on Prisma's own connection pool, without Prisma, written as a tagged template
 * like $queryRaw: each ${value} is sent as a parameter, never spliced into the text. For the few
 * statements that run once per uploaded file or image request: Prisma spends about ten times
 * pg's CPU on a query (0.25 ms against 0.03 ms, measured here), a sixth of an upload's server
 * time. pg reads Prisma's DateTime columns (UTC, without time zone) as local time: select them
 * as text, or not at all.
 *
 * Each statement is prepared once per connection (a named statement): the database then skips
 * parsing and planning it again, which took more than half of the per-file index statement's
 * time on PostgreSQL. The embedded database serves every connection from one session, where a
 * second connection preparing the same name would fail: so the name is unique to the pool's
 * connection, and connections are kept (a closed one's statements would stay in that session).
 */
export async function sql<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> {
  const text = strings.reduce((out, part, i) => `${out}$${i}${part}`);
  let statement = statementNames.get(strings);
  if (!statement) statementNames.set(strings, (statement = `s${statementNames.size + 1}`));
  const client = await connection().pool.connect();
  let tag = clientTags.get(client);
  if (!tag) clientTags.set(client, (tag = `${PROCESS_TAG}_${++clientCount}`));
  try {
    const result = await client.query({ name: `${statement}_${tag}`, text, values });
    client.release();
    return result.rows as T[];
  } catch (err) {
    // The database's own refusal (a constraint, a bad value) leaves the connection fine; anything else ends it.
    client.release(err instanceof pg.DatabaseError ? undefined : (err as Error));
    throw err;
  }
}

/** `sql`'s statement names by call site (a tagged template's strings are one object per site). */
const statementNames = new Map<TemplateStringsArray, string>();
/** Connections of another process of this machine (a CLI beside the server) must not reuse names in the embedded session. */
const PROCESS_TAG = randomBytes(4).toString('hex');
const clientTags = new WeakMap<pg.PoolClient, string>();
let clientCount = 0;

export type Tx = Prisma.TransactionClient;

/** Runs `fn` in one database transaction (domain code never touches Prisma directly). */
export function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(fn);
}
