import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from './embedded';

describe('[DB] the embedded database under concurrent connections', () => {
  // pglite-socket queues single messages; a message split across socket reads let another
  // connection's Parse/Bind slip in between and take over the shared unnamed statement.
  // About 6 s alone; the limit only catches a hang (a loaded 2-core CI machine has needed more than 60 s).
  it('answers parallel queries and transactions of different shapes from many connections correctly', { timeout: 180_000 }, async () => {
    const embedded = await startEmbeddedDatabase(null);
    // 400 queries on 8 connections: on a loaded machine a transaction waits far beyond Prisma's 2 s default for one.
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: embedded.url, max: 8 }), transactionOptions: { maxWait: 120_000, timeout: 120_000 } });
    try {
      const queries = Array.from({ length: 400 }, async (_, k) => {
        if (k % 3 === 0) {
          const v = await client.$transaction(async (tx) => {
            const [a] = await tx.$queryRawUnsafe<{ v: number }[]>('SELECT $1::int * $2::int AS v', k, 2);
            const [b] = await tx.$queryRawUnsafe<{ v: number }[]>('SELECT $1::int + $2::int + $3::int AS v', a!.v, 1, 1);
            return b!.v;
          });
          expect(v).toBe(2 * k + 2);
        } else if (k % 3 === 1) {
          // A parameter bigger than one socket read: its Bind arrives in pieces.
          const big = 'x'.repeat(200_000);
          const [row] = await client.$queryRawUnsafe<{ v: number }[]>('SELECT length($1::text || $2::text) AS v', big, `a${k}`);
          expect(row!.v).toBe(200_001 + String(k).length);
        } else {
          const [row] = await client.$queryRawUnsafe<{ v: number }[]>('SELECT $1::int + $2::int + $3::int + $4::int AS v', k, 1, 2, 3);
          expect(row!.v).toBe(k + 6);
        }
      });
      // Every query settles before the client and the server stop (stopping under queries in flight hangs).
      const failed = (await Promise.allSettled(queries)).filter((r) => r.status === 'rejected');
      expect(failed.map((r) => String(r.reason))).toEqual([]);
    } finally {
      await client.$disconnect();
      await embedded.stop();
    }
  });
});
