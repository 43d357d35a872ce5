'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import type { TCaseAgreement } from '@/server/contracts/agreement';

type Scope = { orgSlug: string; projectId: string };

/** One choice per question and label: the candidate consensus, or one reader's version. */
function choicesOf(a: TCaseAgreement, answerText: (id: string, v: unknown) => string) {
  const readerName = new Map(a.readers.map((r) => [r.readerId, r.name]));
  const seen = new Set<string>();
  return a.items.flatMap((i) => {
    const key = i.kind === 'question' ? `question:${i.id}` : `label:${i.id}`;
    if (seen.has(key) || (i.kind === 'question' && i.type === 'text')) return [];
    seen.add(key);
    if (i.kind === 'question') {
      const answered = i.answers.some((x) => x.value !== null && x.value !== '');
      const mustChoose = i.consensus === null && answered;
      return [{
        key,
        name: i.name,
        mustChoose,
        options: [
          { value: 'consensus', label: mustChoose ? 'no consensus — choose a reader' : answered ? `consensus: ${answerText(i.id, i.consensus)}` : 'nobody answered' },
          ...i.answers.map((x) => ({ value: `reader:${x.readerId}`, label: `${readerName.get(x.readerId)}: ${answerText(i.id, x.value)}` })),
        ],
      }];
    }
    const what = i.kind === 'segmentation' ? 'mask' : 'findings';
    return [{ key, name: i.name, mustChoose: false, options: [{ value: 'consensus', label: `candidate consensus ${what}` }, ...a.readers.map((r) => ({ value: `reader:${r.readerId}`, label: `${r.name}’s ${what}` }))] }];
  });
}

/** The lead's decision on a case, and the case's decision history (the adjudication record). */
export function DecideForm({ scope, agreement, canDecide, answerText }: { scope: Scope; agreement: TCaseAgreement; canDecide: boolean; answerText: (id: string, v: unknown) => string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const history = useQuery(trpc.adjudication.decisions.queryOptions({ ...scope, caseId: agreement.caseId }));
  const decide = useMutation(
    trpc.adjudication.decide.mutationOptions({
      onSuccess: () => Promise.all([trpc.adjudication.pathKey(), trpc.report.pathKey()].map((queryKey) => qc.invalidateQueries({ queryKey }))),
    }),
  );
  const choices = choicesOf(agreement, answerText);
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    decide.mutate({ ...scope, caseId: agreement.caseId, reason, choices: Object.entries(picked).filter(([, v]) => v !== 'consensus').map(([item, source]) => ({ item, source })) });
  };
  const open = agreement.caseStatus === 'IN_ADJUDICATION';
  return (
    <div className="stack">
      {canDecide && (open || agreement.caseStatus === 'DONE') && (
        <form className="panel" onSubmit={onSubmit} aria-label={`Decide ${agreement.caseLabel}`}>
          <h2>{open ? 'Decide' : 'Decide again (adds a version)'}</h2>
          <div className="grid-2">
            {choices.map((c) => (
              <div className="field" key={c.key}>
                <label htmlFor={`pick-${c.key}`}>{c.name}</label>
                <select id={`pick-${c.key}`} value={picked[c.key] ?? 'consensus'} onChange={(e) => setPicked({ ...picked, [c.key]: e.target.value })} aria-invalid={c.mustChoose && (picked[c.key] ?? 'consensus') === 'consensus' ? true : undefined}>
                  {c.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                </select>
              </div>
            ))}
          </div>
          <div className="field">
            <label htmlFor="decide-reason">Reason (kept in the adjudication record)</label>
            <input id="decide-reason" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} placeholder="optional" />
          </div>
          {decide.error && <div role="alert" className="alert">{errorMessage(decide.error)}</div>}
          {decide.data && <div role="status" className="notice">Decided: version {decide.data.version}. The case is done.</div>}
          <button className="btn btn-primary" type="submit" disabled={decide.isPending}>Finalize</button>
        </form>
      )}
      {(history.data?.length ?? 0) > 0 && (
        <table className="data" aria-label={`Decisions on ${agreement.caseLabel}`}>
          <thead><tr><th>Version</th><th>Decided by</th><th>When</th><th>Answers</th><th>Why</th></tr></thead>
          <tbody>
            {history.data!.map((d) => (
              <tr key={d.id} className={d.supersededAt ? 'muted' : undefined}>
                <td>v{d.version}{d.supersededAt ? ' (superseded)' : ''}</td>
                <td>{d.decidedBy}</td>
                <td>{d.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                <td>{Object.entries(d.answers).map(([k, v]) => answerText(k, v)).join(' · ')}{d.findings ? ` · ${d.findings} findings` : ''}{d.masks.length ? ` · ${d.masks.length} mask${d.masks.length === 1 ? '' : 's'}` : ''}</td>
                <td>{d.reason || <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
