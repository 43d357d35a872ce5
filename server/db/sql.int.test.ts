import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { disconnectDb, sql } from './client';

const echo = (n: number) => sql<{ n: number }>`SELECT ${n}::int AS n`;

describe('[OPS]: sql, one statement on the pool', () => {
  it('prepares each statement once per connection, under a name of its own', async () => {
    const [row] = await sql<{ names: string[] }>`SELECT array_agg(name::text) AS names FROM pg_prepared_statements`;
    expect(row!.names).toEqual(expect.arrayContaining([expect.stringMatching(/^s\d+_[0-9a-f]{8}_\d+$/)]));
  });

  it('runs one statement on many connections at once, and again on the connections of a new pool', async () => {
    // The embedded database serves all connections from one session: a name two connections shared would fail there.
    const values = Array.from({ length: 40 }, (_, i) => i);
    expect((await Promise.all(values.map(echo))).map((rows) => rows[0]!.n)).toEqual(values);
    await disconnectDb();
    expect((await Promise.all(values.map(echo))).map((rows) => rows[0]!.n)).toEqual(values);
  });

  it("passes on the database's refusal, and the connection serves the next statement", async () => {
    const bad = sql`SELECT ${'not a number'}::int AS n`;
    await expect(bad).rejects.toBeInstanceOf(pg.DatabaseError);
    await expect(bad).rejects.toThrow(/invalid input syntax for type integer/);
    expect(await echo(7)).toEqual([{ n: 7 }]);
  });
});
