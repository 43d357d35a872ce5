'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

const PAGE = 50;

export function MembersTable({ orgSlug }: { orgSlug: string }) {
  const trpc = useTRPC();
  // A stack of cursors: the last is the current page's.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const query = useQuery(trpc.org.members.queryOptions({ orgSlug, limit: PAGE, ...(cursor ? { cursor } : {}) }));

  if (query.isError) return <div role="alert" className="alert">{errorMessage(query.error)}</div>;
  if (!query.data) return <p className="muted">Loading members…</p>;
  const { items, nextCursor, total } = query.data;
  return (
    <>
      <table className="data" aria-label="Members">
        <thead>
          <tr><th>Name</th><th>Email</th><th>Role</th><th>Joined</th></tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.userId}>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td><span className="badge">{m.role}</span></td>
              <td>{m.joinedAt.toISOString().slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        <span>{total} member{total === 1 ? '' : 's'}</span>
        <button className="btn" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</button>
        <button className="btn" disabled={!nextCursor} onClick={() => nextCursor && setCursors((c) => [...c, nextCursor])}>Next</button>
      </div>
    </>
  );
}
