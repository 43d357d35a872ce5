/* Collaborative documents: the append-only update log and its compacted snapshot. Document
 * names carry their scope (`assignment:<id>`); access is decided before these are called. */
import type { Db, Tx } from '../client';
import { bytes } from './bytes';


export const annotationDocRepository = {
  /** Stores one update; the caller acknowledges it to the client only after this resolves. */
  async append(client: Db | Tx, docName: string, data: Uint8Array) {
    // Raw SQL: this runs for every edit, and Prisma's query compiler cost more CPU than the insert.
    await client.$executeRaw`INSERT INTO "DocUpdate" ("docName", "data") VALUES (${docName}, ${bytes(data)})`;
  },

  /**
   * The snapshot (if any) and every update still in the log, oldest first. One statement, so it
   * sees one consistent state even while a compaction replaces updates by a snapshot. Updates
   * are not filtered by id: an insert that committed after a later id may be older than the
   * snapshot's `throughId` and still be absent from it (applying an update twice is harmless).
   */
  async load(client: Db | Tx, docName: string) {
    const rows = await client.$queryRaw<{ kind: number; id: bigint; data: Uint8Array }[]>`
      SELECT 0 AS kind, "throughId" AS id, state AS data FROM "DocSnapshot" WHERE "docName" = ${docName}
      UNION ALL
      SELECT 1 AS kind, u.id, u.data FROM "DocUpdate" u
      WHERE u."docName" = ${docName}
      ORDER BY kind, id`;
    const snapshot = rows[0]?.kind === 0 ? rows[0] : null;
    return { snapshot: snapshot?.data ?? null, throughId: snapshot?.id ?? 0n, updates: rows.filter((r) => r.kind === 1).map((r) => ({ id: r.id, data: r.data })) };
  },

  /** Serialises compactions of one document across processes (PostgreSQL; PGlite runs one transaction at a time anyway). */
  async lock(tx: Tx, docName: string) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${docName}))`;
  },

  /** Replaces the snapshot by one that includes exactly the given updates, and drops those updates. */
  async saveSnapshot(tx: Tx, docName: string, state: Uint8Array, mergedIds: bigint[]) {
    const throughId = mergedIds.reduce((a, b) => (b > a ? b : a), 0n);
    await tx.docSnapshot.upsert({ where: { docName }, create: { docName, state: bytes(state), throughId }, update: { state: bytes(state), throughId } });
    await tx.docUpdate.deleteMany({ where: { docName, id: { in: mergedIds } } });
  },

  async exists(client: Db | Tx, docName: string) {
    const [s, u] = await Promise.all([client.docSnapshot.count({ where: { docName } }), client.docUpdate.count({ where: { docName } })]);
    return s + u > 0;
  },
};
