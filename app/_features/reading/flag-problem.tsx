'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { CASE_FLAG_KINDS } from '@/server/contracts/project';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

export const FLAG_LABELS: Record<string, string> = {
  wrong_series: 'Wrong series',
  image_quality: 'Image quality',
  burned_in_text: 'Burned-in text',
  other: 'Other problem',
};

/** "Flag a problem": the reader tells the PM what is wrong with the case, without leaving it. */
export function FlagProblem({ orgSlug, assignmentId }: { orgSlug: string; assignmentId: string }) {
  const trpc = useTRPC();
  const flag = useMutation(trpc.assignment.flag.mutationOptions());
  const [kind, setKind] = useState<(typeof CASE_FLAG_KINDS)[number]>('image_quality');
  const [note, setNote] = useState('');
  return (
    <details className="flag-problem">
      <summary>Flag a problem…</summary>
      <div className="stack" style={{ gap: 6, marginTop: 6 }}>
        <select aria-label="Problem" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          {CASE_FLAG_KINDS.map((k) => (
            <option key={k} value={k}>{FLAG_LABELS[k]}</option>
          ))}
        </select>
        <textarea className="inline" aria-label="Problem note" rows={2} maxLength={2000} placeholder="What is wrong? (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
        <button className="btn btn-sm" disabled={flag.isPending} onClick={() => flag.mutate({ orgSlug, assignmentId, flag: { kind, note } }, { onSuccess: () => setNote('') })}>
          Send to the project manager
        </button>
        {flag.isSuccess && <span className="muted" role="status">Sent. You can go on reading or skip the case.</span>}
        {flag.error && <div role="alert" className="alert">{errorMessage(flag.error)}</div>}
      </div>
    </details>
  );
}
