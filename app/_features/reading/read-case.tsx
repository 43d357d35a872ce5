'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Status } from '@/app/_components/status';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { missingAnswers, QuestionForm, type Answers } from '../schema/question-form';

/**
 * The case page: the project's questions beside a placeholder where the DICOM viewer will sit.
 * Opening the case starts the read; submit checks required answers and opens the next case.
 */
export function ReadCase({ orgSlug, assignmentId }: { orgSlug: string; assignmentId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const a = useQuery(trpc.assignment.get.queryOptions({ orgSlug, assignmentId }));
  const schema = useQuery({ ...trpc.project.labelSchema.queryOptions({ orgSlug, projectId: a.data?.projectId ?? 'x', version: a.data?.schemaVersion }), enabled: Boolean(a.data) });
  const start = useMutation(trpc.assignment.start.mutationOptions());
  const submit = useMutation(trpc.assignment.submit.mutationOptions());
  const skip = useMutation(trpc.assignment.skip.mutationOptions());
  const [answers, setAnswers] = useState<Answers>({});
  const [showMissing, setShowMissing] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    if (a.data?.status === 'ASSIGNED' && !a.data.projectArchived && !started.current) {
      started.current = true;
      start.mutate({ orgSlug, assignmentId }, { onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.assignment.get.pathKey() }) });
    }
  }, [a.data, orgSlug, assignmentId, start, qc, trpc]);

  async function goNext() {
    await qc.invalidateQueries({ queryKey: trpc.assignment.pathKey() });
    const next = await qc.fetchQuery(trpc.assignment.next.queryOptions({ orgSlug }));
    router.push(next ? `/${orgSlug}/read/${next.assignmentId}` : `/${orgSlug}/worklist`);
  }

  if (a.isError) return <div role="alert" className="alert">{errorMessage(a.error)}</div>;
  if (!a.data || !schema.data) return <p className="muted">Loading case…</p>;
  const questions = schema.data.schema.questions;
  const missing = missingAnswers(questions, answers);
  const open = a.data.status === 'ASSIGNED' || a.data.status === 'IN_PROGRESS';

  function onSubmit() {
    if (missing.length) {
      setShowMissing(true);
      return;
    }
    const payload = { answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== null)) as Record<string, string | number | boolean | string[]>, note: '' };
    submit.mutate({ orgSlug, assignmentId, payload }, { onSuccess: () => void goNext() });
  }

  function onSkip() {
    const reason = window.prompt('Why do you skip this case? (wrong series, image quality, burned-in text…)');
    if (reason) skip.mutate({ orgSlug, assignmentId, reason }, { onSuccess: () => void goNext() });
  }

  const failure = submit.error ?? skip.error ?? start.error;
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{a.data.caseLabel}</h1>
        <span className="muted">{a.data.projectName}</span>
        <Status value={a.data.status} />
      </div>
      {failure && <div role="alert" className="alert">{errorMessage(failure)}</div>}
      <div className="reading">
        <div className="placeholder-viewer" aria-label="Viewer">
          <div>
            <div style={{ fontSize: 15, color: '#c8d3e0', marginBottom: 6 }}>Image viewer</div>
            The DICOM viewer and annotation tools arrive with image ingest and reading.
          </div>
        </div>
        <aside className="panel stack" aria-label="Questions">
          <h2>Questions</h2>
          <QuestionForm questions={questions} answers={answers} disabled={!open} onChange={(id, v) => setAnswers((x) => ({ ...x, [id]: v }))} />
          {showMissing && missing.length > 0 && <div role="alert" className="alert">Answer the required questions: {missing.map((q) => q.text).join(', ')}.</div>}
          {open ? (
            <div className="row">
              <button className="btn btn-primary" onClick={onSubmit} disabled={submit.isPending}>Submit and next</button>
              <button className="btn" onClick={onSkip} disabled={skip.isPending}>Skip…</button>
            </div>
          ) : (
            <p className="muted">This read is {a.data.status.toLowerCase()}.</p>
          )}
        </aside>
      </div>
    </div>
  );
}
