'use client';

import { useState } from 'react';

/** Cursor pagination state: a stack of cursors, the last being the current page's. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  return {
    cursor,
    page: cursors.length,
    next: (c: string) => setCursors((s) => [...s, c]),
    prev: () => setCursors((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setCursors([undefined]),
  };
}

export function Pager({ pages, nextCursor, total, noun }: { pages: ReturnType<typeof useCursorPages>; nextCursor: string | null; total?: number; noun: string }) {
  return (
    <div className="pager">
      {total !== undefined && <span>{total} {noun}{total === 1 ? '' : 's'}</span>}
      <button className="btn btn-small" disabled={pages.page < 2} onClick={pages.prev}>Previous</button>
      <span>Page {pages.page}</span>
      <button className="btn btn-small" disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>Next</button>
    </div>
  );
}
