'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

type Answer = string | number | boolean | string[];

/** The known answers of a gold-standard case, one field per question of the label schema. */
export function GoldForm({ scope, caseId, caseLabel, initial, onDone }: { scope: { orgSlug: string; projectId: string }; caseId: string; caseLabel: string; initial: Record<string, Answer> | null; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const schema = useQuery(trpc.project.labelSchema.queryOptions(scope));
  const save = useMutation(trpc.case.setGold.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.case.list.pathKey() }).then(onDone) }));
  const [answers, setAnswers] = useState<Record<string, Answer>>(initial ?? {});
  const set = (id: string, v: Answer | undefined) => setAnswers((a) => {
    const next = { ...a };
    if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) delete next[id];
    else next[id] = v;
    return next;
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ ...scope, caseId, answers });
  };
  if (!schema.data) return null;
  return (
    <form className="panel stack" onSubmit={onSubmit} aria-label={`Known answers of ${caseLabel}`} style={{ marginTop: 6, gap: 6 }}>
      <p className="muted" style={{ margin: 0 }}>A gold-standard case goes to every reader, unannounced, at the project’s gold rate; their answers are scored against these.</p>
      {schema.data.schema.questions.map((q) => (
        <div key={q.id} className="field" style={{ marginBottom: 0 }}>
          <label htmlFor={`gold-${caseId}-${q.id}`}>{q.text}</label>
          {(q.type === 'single' || q.type === 'ordinal') && (
            <select id={`gold-${caseId}-${q.id}`} value={(answers[q.id] as string | undefined) ?? ''} onChange={(e) => set(q.id, e.target.value)}>
              <option value="">— not scored —</option>
              {q.options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
            </select>
          )}
          {q.type === 'multi' && (
            <div className="chips" id={`gold-${caseId}-${q.id}`}>
              {q.options.map((o) => {
                const chosen = (answers[q.id] as string[] | undefined) ?? [];
                return (
                  <label key={o.id} className="chip">
                    <input type="checkbox" checked={chosen.includes(o.id)} onChange={(e) => set(q.id, e.target.checked ? [...chosen, o.id] : chosen.filter((x) => x !== o.id))} /> {o.label}
                  </label>
                );
              })}
            </div>
          )}
          {q.type === 'number' && <input id={`gold-${caseId}-${q.id}`} type="number" step="any" value={(answers[q.id] as number | undefined) ?? ''} onChange={(e) => set(q.id, e.target.value === '' ? undefined : Number(e.target.value))} />}
          {q.type === 'text' && <input id={`gold-${caseId}-${q.id}`} value={(answers[q.id] as string | undefined) ?? ''} onChange={(e) => set(q.id, e.target.value)} />}
        </div>
      ))}
      {save.isError && <div role="alert" className="alert">{errorMessage(save.error)}</div>}
      <div className="row">
        <button className="btn btn-primary btn-small" type="submit" disabled={save.isPending || !Object.keys(answers).length}>Save as gold standard</button>
        {initial && <button className="btn btn-small" type="button" disabled={save.isPending} onClick={() => save.mutate({ ...scope, caseId, answers: null })}>Make ordinary</button>}
        <button className="btn btn-small" type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
