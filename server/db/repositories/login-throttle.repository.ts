import type { Db } from '../client';

export const loginThrottleRepository = {
  /** Failures counted for `key` in the window that started after `windowStart`. */
  async failures(client: Db, key: string, windowStart: Date): Promise<number> {
    const row = await client.loginThrottle.findUnique({ where: { key }, select: { windowStart: true, failures: true } });
    return row && row.windowStart > windowStart ? row.failures : 0;
  },

  /**
   * Adds one failure atomically (one statement, so concurrent web processes never lose a count);
   * a window older than `windowStart` restarts at 1.
   */
  async recordFailure(client: Db, key: string, now: Date, windowStart: Date): Promise<number> {
    const rows = await client.$queryRaw<{ failures: number }[]>`
      INSERT INTO "LoginThrottle" ("key", "windowStart", "failures") VALUES (${key}, ${now}, 1)
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "LoginThrottle"."windowStart" <= ${windowStart} THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
        "windowStart" = CASE WHEN "LoginThrottle"."windowStart" <= ${windowStart} THEN ${now} ELSE "LoginThrottle"."windowStart" END
      RETURNING "failures"`;
    return rows[0]?.failures ?? 1;
  },

  async reset(client: Db, key: string) {
    await client.loginThrottle.deleteMany({ where: { key } });
  },
};
