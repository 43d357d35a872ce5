'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Pager, useCursorPages } from '@/app/_components/pager';
import { formText } from '@/app/_lib/form';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

type Filter = { action?: string; actorId?: string; targetId?: string; from?: string; to?: string };

/** The organization's audit trail: filters, a dense table, pages, and a CSV export of the same filter. */
export function AuditLog({ orgSlug }: { orgSlug: string }) {
  const trpc = useTRPC();
  const pages = useCursorPages();
  const [filter, setFilter] = useState<Filter>({});
  const input = {
    orgSlug,
    limit: 50,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.actorId ? { actorId: filter.actorId } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.from ? { from: new Date(`${filter.from}T00:00:00Z`) } : {}),
    ...(filter.to ? { to: new Date(`${filter.to}T00:00:00Z`) } : {}),
  };
  // Keep the last page while the next loads, so the filter's options (and choices) stay put.
  const q = useQuery({ ...trpc.org.audit.queryOptions(input), placeholderData: (previous) => previous });
  const members = useQuery(trpc.org.members.queryOptions({ orgSlug, limit: 100 }));
  const onFilter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const get = (k: string) => formText(form, k).trim() || undefined;
    setFilter({ action: get('action'), actorId: get('actorId'), targetId: get('targetId'), from: get('from'), to: get('to') });
    pages.reset();
  };
  const csv = new URLSearchParams(Object.entries({ action: filter.action, actorId: filter.actorId, targetId: filter.targetId, from: filter.from, to: filter.to }).filter((e): e is [string, string] => Boolean(e[1])));
  return (
    <div className="stack">
      <form className="toolbar" onSubmit={onFilter} aria-label="Filter the audit trail">
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue="">
            <option value="">any</option>
            {[...new Set((q.data?.actions ?? []).map((a) => `${a.split('.')[0]}.`))].map((p) => <option key={p} value={p}>{`${p}*`}</option>)}
            {(q.data?.actions ?? []).map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor">Who</label>
          <select id="audit-actor" name="actorId" defaultValue="">
            <option value="">anyone</option>
            {members.data?.items.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-target">Target id</label>
          <input id="audit-target" name="targetId" placeholder="case, project, user…" />
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" name="from" type="date" />
        </div>
        <div className="field">
          <label htmlFor="audit-to">Before</label>
          <input id="audit-to" name="to" type="date" />
        </div>
        <button className="btn" type="submit">Filter</button>
        <a className="btn" href={`/api/orgs/${orgSlug}/audit.csv${csv.size ? `?${csv}` : ''}`} download>Export CSV</a>
      </form>
      {q.isError && <div role="alert" className="alert">{errorMessage(q.error)}</div>}
      <table className="data" aria-label="Audit trail">
        <thead><tr><th>When (UTC)</th><th>Who</th><th>Action</th><th>Target</th><th>Details</th></tr></thead>
        <tbody>
          {q.data?.items.length === 0 && <tr><td colSpan={5} className="muted">No events match.</td></tr>}
          {q.data?.items.map((e) => (
            <tr key={e.id}>
              <td style={{ whiteSpace: 'nowrap' }}>{e.createdAt.toISOString().slice(0, 19).replace('T', ' ')}</td>
              <td>{e.actor ?? <span className="muted">system</span>}</td>
              <td className="mono">{e.action}</td>
              <td className="mono">{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
              <td className="mono" style={{ fontSize: 11, maxWidth: 420, overflowWrap: 'anywhere' }}>{e.data}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager pages={pages} nextCursor={q.data?.nextCursor ?? null} noun="event" />
    </div>
  );
}
