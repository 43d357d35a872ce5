import { sql, type Db } from '../client';

export const authSessionRepository = {
  create(client: Db, userId: string, expiresAt: Date) {
    return client.authSession.create({ data: { userId, expiresAt }, select: { id: true, expiresAt: true } });
  },
  /**
   * The session and its user if it is neither revoked nor expired at `now`. Raw SQL: every
   * authenticated request (hundreds a second while a viewer loads frames) asks this, on the pool
   * without Prisma (see `sql`).
   */
  async findActive(id: string, now: Date) {
    // Prisma keeps DateTime as UTC in "timestamp without time zone"; compare in UTC whatever the connection's zone.
    const [row] = await sql<{ id: string; userId: string; email: string; name: string }>`
      SELECT s.id, u.id AS "userId", u.email, u.name
      FROM "AuthSession" s JOIN "User" u ON u.id = s."userId"
      WHERE s.id = ${id} AND s."revokedAt" IS NULL AND s."expiresAt" > (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
    return row ? { id: row.id, user: { id: row.userId, email: row.email, name: row.name } } : null;
  },
  revoke(client: Db, id: string, now: Date) {
    return client.authSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  },
};
