import type { Db } from '../client';

const publicFields = { id: true, email: true, name: true } as const;

export const userRepository = {
  /** Display names by user id. */
  async names(client: Db, ids: string[]) {
    const rows = await client.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
    return new Map(rows.map((u) => [u.id, u.name]));
  },
  findById(client: Db, id: string) {
    return client.user.findUnique({ where: { id }, select: publicFields });
  },
  findCredentialsByEmail(client: Db, email: string) {
    return client.user.findUnique({ where: { email }, select: { ...publicFields, passwordHash: true } });
  },
  findByEmail(client: Db, email: string) {
    return client.user.findUnique({ where: { email }, select: publicFields });
  },
};

export const userWriteRepository = {
  create(client: Db, data: { email: string; name: string; passwordHash: string | null }) {
    return client.user.create({ data, select: publicFields });
  },
};
