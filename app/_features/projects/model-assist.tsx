'use client';

import { useQuery } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

/** What readers did with the model's proposals, per model version (submitted reads). */
export function ModelAssist({ orgSlug, projectId }: { orgSlug: string; projectId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.model.assistStats.queryOptions({ orgSlug, projectId }));
  if (q.isError) return <div role="alert" className="alert">{errorMessage(q.error)}</div>;
  if (!q.data?.length) return null;
  return (
    <div className="panel">
      <h2>Model assistance</h2>
      <p className="muted" style={{ marginTop: 0 }}>
        Proposals readers accepted or rejected in submitted reads. Edited: accepted, then changed before submitting. Dice: accepted proposal against the submitted mask.
      </p>
      <table className="data" aria-label="Model assistance">
        <thead>
          <tr><th>Model</th><th>Version</th><th>Proposals</th><th>Accepted</th><th>Edited</th><th>Rejected</th><th>Acceptance</th><th>Mean Dice (accepted)</th><th>Median latency</th><th>By prompt</th></tr>
        </thead>
        <tbody>
          {q.data.map((m) => (
            <tr key={`${m.model}/${m.version}`}>
              <td>{m.model}</td>
              <td>{m.version}</td>
              <td>{m.proposals}</td>
              <td>{m.accepted}</td>
              <td>{m.edited}</td>
              <td>{m.rejected}</td>
              <td><strong>{pct(m.acceptanceRate)}</strong></td>
              <td>{m.meanDiceAccepted === null ? '—' : m.meanDiceAccepted.toFixed(3)}</td>
              <td>{m.medianLatencyMs === null ? '—' : `${Math.round(m.medianLatencyMs)} ms`}</td>
              <td>{m.byPrompt.map((b) => `${b.prompt} ${b.accepted}/${b.proposals}`).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
