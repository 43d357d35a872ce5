import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '@prisma/client';
import { env } from '../config/env';

export type Db = PrismaClient;

const holder = globalThis as unknown as { concordPrisma?: PrismaClient; concordPrismaUrl?: string };

/** The process-wide Prisma client on DATABASE_URL (re-created if the URL changed, e.g. in tests). */
export function db(): PrismaClient {
  const url = env().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the server sets it before anything touches the database');
  if (!holder.concordPrisma || holder.concordPrismaUrl !== url) {
    const adapter = new PrismaPg({ connectionString: url, max: env().DATABASE_POOL_MAX });
    // Prisma gives up on starting a transaction after 2 s waiting for a pooled connection: a busy
    // machine (or the embedded database, which serves one query at a time) waits longer than that.
    holder.concordPrisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 30_000, timeout: 30_000 } });
    holder.concordPrismaUrl = url;
  }
  return holder.concordPrisma;
}

export async function disconnectDb() {
  await holder.concordPrisma?.$disconnect();
  holder.concordPrisma = undefined;
}

export type Tx = Prisma.TransactionClient;

/** Runs `fn` in one database transaction (domain code never touches Prisma directly). */
export function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(fn);
}
