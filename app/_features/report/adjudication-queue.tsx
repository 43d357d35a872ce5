'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { fixed } from './format';

/** Cases the policy sent to a lead: priority first, then the largest disagreement; filter by item. */
export function AdjudicationQueue({ scope }: { scope: { orgSlug: string; projectId: string } }) {
  const trpc = useTRPC();
  const [item, setItem] = useState('');
  const q = useQuery(trpc.adjudication.queue.queryOptions({ ...scope, ...(item ? { item } : {}) }));
  if (q.isError) return <div role="alert" className="alert">{errorMessage(q.error)}</div>;
  if (!q.data) return <p className="muted">Loading the queue…</p>;
  const { items, total, byItem } = q.data;
  if (!total) {
    return (
      <div className="empty">
        <h2>No case waits for a lead</h2>
        <p className="muted">A case comes here when its readers’ agreement is below the project’s threshold, or when the policy is “lead decides”.</p>
      </div>
    );
  }
  return (
    <div className="stack">
      <div className="row">
        <strong>{total} case{total === 1 ? '' : 's'} to adjudicate</strong>
        <select className="inline" aria-label="Disputed on" value={item} onChange={(e) => setItem(e.target.value)}>
          <option value="">all questions and labels</option>
          {byItem.map((b) => <option key={b.id} value={b.id}>{`${b.name} (${b.cases})`}</option>)}
        </select>
      </div>
      <table className="data" aria-label="Adjudication queue">
        <thead><tr><th>Case</th><th>Priority</th><th>Score</th><th>Disputed on</th><th>Why</th><th /></tr></thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.caseId}>
              <td style={{ whiteSpace: 'nowrap' }}><Link href={`/${scope.orgSlug}/projects/${scope.projectId}/report?case=${c.caseId}`}>{c.label}</Link></td>
              <td>{c.priority}</td>
              <td>{fixed(c.score, 3)}</td>
              <td>
                <div className="chips">
                  {c.disputed.map((d) => <span key={`${d.kind}:${d.id}`} className="chip" title={d.kind}>{d.name} {d.agreement === null ? 'tie' : fixed(d.agreement, 2)}</span>)}
                  {c.disputed.length === 0 && <span className="muted">—</span>}
                </div>
              </td>
              <td className="muted">{c.reason}</td>
              <td><Link className="btn btn-sm" href={`/${scope.orgSlug}/adjudicate/${scope.projectId}/${c.caseId}`} aria-label={`Adjudicate ${c.label}`}>Adjudicate</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
