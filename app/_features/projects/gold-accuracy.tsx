'use client';

import { useQuery } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

/** Each reader's answers on gold-standard cases scored against the known answers. */
export function GoldAccuracy({ orgSlug, projectId }: { orgSlug: string; projectId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.case.goldAccuracy.queryOptions({ orgSlug, projectId }));
  if (q.isError) return <div role="alert" className="alert">{errorMessage(q.error)}</div>;
  if (!q.data || q.data.goldCases === 0) return null;
  const { questions, readers, goldCases } = q.data;
  return (
    <div className="panel">
      <h2>Accuracy on gold-standard cases</h2>
      <p className="muted" style={{ marginTop: 0 }}>{goldCases} gold-standard case{goldCases === 1 ? '' : 's'} with known answers, mixed into worklists unannounced; share of answers equal to the known answer.</p>
      {readers.length === 0 ? (
        <p className="muted">No reader has submitted a gold-standard case yet.</p>
      ) : (
        <table className="data" aria-label="Accuracy on gold-standard cases">
          <thead><tr><th>Reader</th><th>Gold cases read</th><th>Overall</th>{questions.map((x) => <th key={x.id}>{x.text}</th>)}</tr></thead>
          <tbody>
            {readers.map((r) => (
              <tr key={r.readerId}>
                <td>{r.name}</td>
                <td>{r.cases}</td>
                <td><strong>{pct(r.accuracy)}</strong></td>
                {questions.map((x) => {
                  const b = r.byQuestion.find((y) => y.questionId === x.id);
                  return <td key={x.id}>{b ? `${pct(b.accuracy)} of ${b.answered}${b.meanAbsError === null ? '' : ` · MAE ${b.meanAbsError.toFixed(2)}`}` : '—'}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
