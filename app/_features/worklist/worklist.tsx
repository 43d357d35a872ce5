'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { Pager, useCursorPages } from '@/app/_components/pager';
import { Status } from '@/app/_components/status';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

export function Worklist({ orgSlug, projectId }: { orgSlug: string; projectId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pages = useCursorPages();
  const query = useQuery(trpc.assignment.worklist.queryOptions({ orgSlug, limit: 50, ...(projectId ? { projectId } : {}), ...(pages.cursor ? { cursor: pages.cursor } : {}) }));
  const first = query.data?.items[0];

  // "n" opens the next case from anywhere on the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'n' && first && !(e.target instanceof HTMLInputElement)) router.push(`/${orgSlug}/read/${first.assignmentId}`);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [first, orgSlug, router]);

  if (query.isError) return <div role="alert" className="alert">{errorMessage(query.error)}</div>;
  if (!query.data) return <p className="muted">Loading worklist…</p>;
  if (!query.data.items.length && pages.page === 1) {
    return (
      <div className="empty">
        <h2>Nothing to read</h2>
        <p className="muted">When a project manager assigns cases to you, they appear here.</p>
      </div>
    );
  }
  return (
    <div className="stack">
      {first && pages.page === 1 && (
        <div className="row">
          <Link className="btn btn-primary" href={`/${orgSlug}/read/${first.assignmentId}`}>Next case: {first.caseLabel}</Link>
          <span className="muted">or press <span className="kbd">n</span></span>
        </div>
      )}
      <table className="data" aria-label="Worklist">
        <thead><tr><th>Case</th><th>Project</th><th>Priority</th><th>Status</th><th>Assigned</th></tr></thead>
        <tbody>
          {query.data.items.map((a) => (
            <tr key={a.assignmentId}>
              <td><Link href={`/${orgSlug}/read/${a.assignmentId}`}>{a.caseLabel}</Link></td>
              <td>{a.projectName}</td>
              <td>{a.priority}</td>
              <td><Status value={a.status} /></td>
              <td>{a.assignedAt.toISOString().slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager pages={pages} nextCursor={query.data.nextCursor} noun="case" />
    </div>
  );
}
