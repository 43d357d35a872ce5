import type { Db } from '../client';

export const authSessionRepository = {
  create(client: Db, userId: string, expiresAt: Date) {
    return client.authSession.create({ data: { userId, expiresAt }, select: { id: true, expiresAt: true } });
  },
  /** The session and its user if it is neither revoked nor expired at `now`. */
  findActive(client: Db, id: string, now: Date) {
    return client.authSession.findFirst({
      where: { id, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, expiresAt: true, user: { select: { id: true, email: true, name: true } } },
    });
  },
  revoke(client: Db, id: string, now: Date) {
    return client.authSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  },
};
