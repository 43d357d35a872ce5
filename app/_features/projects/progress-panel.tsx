'use client';

import { useQuery } from '@tanstack/react-query';
import { Bar, Status } from '@/app/_components/status';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

export function ProgressPanel({ orgSlug, projectId }: { orgSlug: string; projectId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.project.progress.queryOptions({ orgSlug, projectId }));
  if (q.isError) return <div role="alert" className="alert">{errorMessage(q.error)}</div>;
  if (!q.data) return <p className="muted">Loading progress…</p>;
  const p = q.data;
  return (
    <div className="stack">
      <div className="panel">
        <h2>Overall</h2>
        <Bar value={p.readsSubmitted} total={p.readsRequired} label="Reads submitted" />
        <div className="chips" style={{ marginTop: 10 }}>
          {Object.entries(p.cases).map(([status, n]) => (
            <span key={status} className="chip"><Status value={status} /> {n}</span>
          ))}
          <span className="chip">{p.totalCases} cases</span>
        </div>
      </div>
      <table className="data" aria-label="Progress per reader">
        <thead>
          <tr><th>Reader</th><th>Assigned</th><th>In progress</th><th>Submitted</th><th>Skipped</th><th style={{ width: '35%' }}>Done</th></tr>
        </thead>
        <tbody>
          {p.readers.length === 0 && (
            <tr><td colSpan={6} className="muted">No reads assigned yet.</td></tr>
          )}
          {p.readers.map((r) => (
            <tr key={r.readerId}>
              <td>{r.name}</td>
              <td>{r.assigned}</td>
              <td>{r.inProgress}</td>
              <td>{r.submitted}</td>
              <td>{r.skipped}</td>
              <td><Bar value={r.submitted} total={r.assigned + r.inProgress + r.submitted} label={`${r.name} done`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
