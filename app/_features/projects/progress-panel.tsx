'use client';

import { useQuery } from '@tanstack/react-query';
import { Bar, Status } from '@/app/_components/status';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { saveFile } from '@/app/_lib/save-file';
import type { TProgress } from '@/server/contracts';
import { csvTable } from '@/server/contracts/csv';
import { DailyBars } from '../report/charts';
import { GoldAccuracy } from './gold-accuracy';
import { ModelAssist } from './model-assist';

/** Per reader their counts and median time, then reads per day: the progress page as one CSV. */
function progressCsv(p: TProgress) {
  return (
    csvTable(['reader', 'assigned', 'in_progress', 'submitted', 'skipped', 'median_minutes_per_read'], p.readers.map((r) => [r.name, r.assigned, r.inProgress, r.submitted, r.skipped, r.medianMinutes])) +
    '\n' +
    csvTable(['day', 'reads_submitted'], p.readsPerDay.map((d) => [d.day, d.reads]))
  );
}

export function ProgressPanel({ orgSlug, projectId }: { orgSlug: string; projectId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.project.progress.queryOptions({ orgSlug, projectId }));
  if (q.isError) return <div role="alert" className="alert">{errorMessage(q.error)}</div>;
  if (!q.data) return <p className="muted">Loading progress…</p>;
  const p = q.data;
  const total = p.readsPerDay.reduce((n, d) => n + d.reads, 0);
  return (
    <div className="stack">
      <div className="panel">
        <div className="row">
          <h2 style={{ margin: 0 }}>Overall</h2>
          <span style={{ flex: 1 }} />
          <button className="btn btn-small" onClick={() => saveFile(`progress-${projectId}.csv`, progressCsv(p))}>Download CSV</button>
        </div>
        <Bar value={p.readsSubmitted} total={p.readsRequired} label="Reads submitted" />
        <div className="chips" style={{ marginTop: 10 }}>
          {Object.entries(p.cases).map(([status, n]) => (
            <span key={status} className="chip"><Status value={status} /> {n}</span>
          ))}
          <span className="chip">{p.totalCases} cases</span>
        </div>
      </div>
      <div className="panel">
        <h2>Reads per day <span className="muted" style={{ fontWeight: 400 }}>(last 30 days, UTC; {total} read{total === 1 ? '' : 's'})</span></h2>
        <DailyBars days={p.readsPerDay.map((d) => ({ day: d.day, value: d.reads }))} label="Reads submitted per day" />
      </div>
      <table className="data" aria-label="Progress per reader">
        <thead>
          <tr><th>Reader</th><th>Assigned</th><th>In progress</th><th>Submitted</th><th>Skipped</th><th>Median time per read</th><th style={{ width: '30%' }}>Done</th></tr>
        </thead>
        <tbody>
          {p.readers.length === 0 && (
            <tr><td colSpan={7} className="muted">No reads assigned yet.</td></tr>
          )}
          {p.readers.map((r) => (
            <tr key={r.readerId}>
              <td>{r.name}</td>
              <td>{r.assigned}</td>
              <td>{r.inProgress}</td>
              <td>{r.submitted}</td>
              <td>{r.skipped}</td>
              <td>{r.medianMinutes === null ? '—' : r.medianMinutes < 1 ? `${Math.round(r.medianMinutes * 60)} s` : `${r.medianMinutes.toFixed(1)} min`}</td>
              <td><Bar value={r.submitted} total={r.assigned + r.inProgress + r.submitted} label={`${r.name} done`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <GoldAccuracy orgSlug={orgSlug} projectId={projectId} />
      <ModelAssist orgSlug={orgSlug} projectId={projectId} />
    </div>
  );
}
