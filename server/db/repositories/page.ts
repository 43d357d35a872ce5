/**
 * Keyset pagination shared by every list: fetch one row more than the page to know whether
 * another page follows; the cursor is that extra row's id (where the next page starts).
 */
export function pageArgs(page: { cursor?: string; limit: number }) {
  return { take: page.limit + 1, ...(page.cursor ? { cursor: { id: page.cursor } } : {}) };
}

export function toPage<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  return { items: more ? rows.slice(0, limit) : rows, nextCursor: more ? rows[limit]!.id : null };
}
