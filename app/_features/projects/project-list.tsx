'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Pager, useCursorPages } from '@/app/_components/pager';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

export function ProjectList({ orgSlug, canCreate }: { orgSlug: string; canCreate: boolean }) {
  const trpc = useTRPC();
  const [archived, setArchived] = useState(false);
  const pages = useCursorPages();
  const query = useQuery(trpc.project.list.queryOptions({ orgSlug, includeArchived: archived, limit: 50, ...(pages.cursor ? { cursor: pages.cursor } : {}) }));
  if (query.isError) return <div role="alert" className="alert">{errorMessage(query.error)}</div>;
  if (!query.data) return <p className="muted">Loading projects…</p>;
  return (
    <section className="stack" aria-label="Projects">
      <div className="row">
        <h2 style={{ margin: 0 }}>Projects</h2>
        <span className="spacer" style={{ flex: 1 }} />
        <label className="row muted"><input type="checkbox" checked={archived} onChange={(e) => { pages.reset(); setArchived(e.target.checked); }} /> Show archived</label>
        {canCreate && <Link className="btn btn-primary" href={`/${orgSlug}/projects/new`}>New project</Link>}
      </div>
      {query.data.items.length === 0 && pages.page === 1 ? (
        <div className="empty">
          <h2>No projects yet</h2>
          <p className="muted">
            {canCreate ? 'Create a project, give it a label schema, add readers and cases, then distribute.' : 'A project manager will add you to a project.'}
          </p>
        </div>
      ) : (
        <table className="data" aria-label="Project list">
          <thead>
            <tr><th>Name</th><th>Your role</th><th>Modality</th><th>Readers per case</th><th>Reading</th><th>Status</th></tr>
          </thead>
          <tbody>
            {query.data.items.map((p) => (
              <tr key={p.id}>
                <td><Link href={`/${orgSlug}/projects/${p.id}`}>{p.name}</Link></td>
                <td><span className="badge">{p.myRole}</span></td>
                <td>{p.modality ?? '—'}</td>
                <td>{p.readersPerCase}</td>
                <td>{p.collaborative ? 'together' : p.blinded ? 'blinded' : 'independent'}</td>
                <td>{p.status.toLowerCase()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(pages.page > 1 || query.data.nextCursor) && <Pager pages={pages} nextCursor={query.data.nextCursor} noun="project" />}
    </section>
  );
}
