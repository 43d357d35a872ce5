'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { setAnswer } from '@/server/contracts/annotation-doc/doc';
import { readProblems } from '@/server/contracts/annotation-doc/validate';
import type { ViewerTool } from '@/app/_viewer/tools/tool-group';
import { Status } from '@/app/_components/status';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { QuestionForm } from '../schema/question-form';
import { FindingsPanel } from './findings-panel';
import { AnswerSuggestion } from './answer-suggestion';
import { FlagProblem } from './flag-problem';
import { ToolsPanel, toolsFor } from './tools-panel';
import { useAnnotationDoc, useUndoKeys, type SaveStatus } from './use-annotation-doc';
import { useDocView } from './use-doc-view';

// cornerstone touches the browser at import time: the viewer is client-only. Its code and
// cornerstone's initialisation start loading with the page, alongside the case's queries.
const loadViewer = () => import('@/app/_viewer/viewer');
const Viewer = dynamic(() => loadViewer().then((m) => m.Viewer), { ssr: false, loading: () => <div className="viewer viewer-loading">Starting the viewer…</div> });

const STATUS_TEXT: Record<SaveStatus, string> = { loading: 'Loading…', saved: 'Saved', saving: 'Saving…', offline: 'Offline — edits kept here', 'read-only': 'Read-only' };

/**
 * The case page: the viewer with the reader's annotation document, the tools the label schema
 * calls for, the questions, the findings, and submit. Every edit goes into the document;
 * submit is possible once the server has stored all of it.
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
  const mint = useMutation(trpc.assignment.collabToken.mutationOptions());
  const started = useRef(false);
  useEffect(() => void loadViewer().then((m) => m.preload()), []);
  const [showProblems, setShowProblems] = useState(false);

  const mintRef = useRef(mint.mutateAsync);
  mintRef.current = mint.mutateAsync;
  const token = useCallback(() => mintRef.current({ orgSlug, assignmentId }), [orgSlug, assignmentId]);
  const { doc, origin, undo, status, mode, error: docError } = useAnnotationDoc(a.data ? `assignment:${assignmentId}` : null, token);
  const view = useDocView(doc);

  const labels = useMemo(() => schema.data?.schema.labels ?? [], [schema.data]);
  const model = useQuery({ ...trpc.model.active.queryOptions({ orgSlug, projectId: a.data?.projectId ?? 'x' }), enabled: Boolean(a.data), staleTime: Infinity });
  const modelRef = useMemo(() => {
    const m = model.data?.segmentation;
    return m?.config.task === 'interactive-segmentation' ? { url: m.url, name: m.name, version: m.version, config: m.config } : null;
  }, [model.data]);
  const classifierRef = useMemo(() => {
    const c = model.data?.classifier;
    return c ? { url: c.url, name: c.name, version: c.version, config: c.config, questionId: c.questionId } : null;
  }, [model.data]);
  const [classified, setClassified] = useState<{ questionId: string; answer: string; probability: number; model: string } | null>(null);
  const tools = useMemo(() => toolsFor(labels, Boolean(modelRef)), [labels, modelRef]);
  const toolKey = a.data ? `concord:tool:${a.data.projectId}` : null;
  const [tool, setToolState] = useState<ViewerTool>('windowLevel');
  const [activeLabelId, setActiveLabelId] = useState<string | null>(null);
  const [brushSize, setBrushSize] = useState(8);
  const [threshold, setThreshold] = useState<[number, number]>([-150, 200]);
  const setTool = useCallback(
    (t: ViewerTool) => {
      if (!tools.includes(t)) return;
      setToolState(t);
      if (toolKey) localStorage.setItem(toolKey, t);
    },
    [tools, toolKey],
  );
  useEffect(() => {
    const saved = toolKey ? (localStorage.getItem(toolKey) as ViewerTool | null) : null;
    if (saved && tools.includes(saved)) setToolState(saved);
  }, [toolKey, tools]);
  useEffect(() => {
    if (!activeLabelId && labels[0]) setActiveLabelId(labels[0].id);
  }, [labels, activeLabelId]);

  useEffect(() => {
    if (a.data?.mine && a.data.status === 'ASSIGNED' && !a.data.projectArchived && !started.current) {
      started.current = true;
      start.mutate({ orgSlug, assignmentId }, { onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.assignment.get.pathKey() }) });
    }
  }, [a.data, orgSlug, assignmentId, start, qc, trpc]);

  useUndoKeys(undo);

  async function goNext() {
    await qc.invalidateQueries({ queryKey: trpc.assignment.pathKey() });
    const next = await qc.fetchQuery(trpc.assignment.next.queryOptions({ orgSlug }));
    router.push(next ? `/${orgSlug}/read/${next.assignmentId}` : `/${orgSlug}/worklist`);
  }

  if (a.isError) return <div role="alert" className="alert">{errorMessage(a.error)}</div>;
  if (!a.data || !schema.data || !doc) return <p className="muted">Loading case…</p>;
  const open = a.data.mine && (a.data.status === 'ASSIGNED' || a.data.status === 'IN_PROGRESS') && mode !== 'ro';
  const readOnly = !open;
  const problems = readProblems(schema.data.schema, view);

  function onSubmit() {
    if (problems.length) return setShowProblems(true);
    submit.mutate({ orgSlug, assignmentId }, { onSuccess: () => void goNext() });
  }
  function onSkip() {
    const reason = window.prompt('Why do you skip this case? (wrong series, image quality, burned-in text…)');
    if (reason) skip.mutate({ orgSlug, assignmentId, reason }, { onSuccess: () => void goNext() });
  }
  const failure = submit.error ?? skip.error ?? start.error;
  const dicomwebRoot = `${window.location.origin}/dicomweb/${orgSlug}/${a.data.projectId}`;
  return (
    <div className="read-page">
      <div className="page-head">
        <h1>{a.data.caseLabel}</h1>
        <span className="muted">{a.data.projectName}</span>
        <Status value={a.data.status} />
        {!a.data.mine && <span className="muted">read by {a.data.readerName} · read-only</span>}
        <span className={`save-chip save-${status}`} role="status" aria-label="Save status" data-status={status}>
          {STATUS_TEXT[status]}
        </span>
        {undo && !readOnly && (
          <span className="row" style={{ gap: 4 }}>
            <button className="btn btn-sm" title="Undo (Ctrl+Z)" onClick={() => undo.undo()}>Undo</button>
            <button className="btn btn-sm" title="Redo (Ctrl+Shift+Z)" onClick={() => undo.redo()}>Redo</button>
          </span>
        )}
      </div>
      {(failure || docError) && <div role="alert" className="alert">{failure ? errorMessage(failure) : docError}</div>}
      <div className="reading">
        {a.data.studyInstanceUid ? (
          <Viewer
            dicomwebRoot={dicomwebRoot}
            studyUid={a.data.studyInstanceUid}
            preferredSeriesUid={a.data.seriesInstanceUid}
            doc={doc}
            origin={origin}
            readOnly={readOnly}
            labels={labels}
            activeLabelId={activeLabelId}
            tool={tool}
            onToolChange={setTool}
            brushSize={brushSize}
            threshold={threshold}
            newId={() => crypto.randomUUID()}
            arrowText={() => window.prompt('Arrow text') ?? ''}
            model={modelRef}
            classifier={classifierRef}
            onClassified={setClassified}
          />
        ) : (
          <div className="viewer viewer-loading">This case has no images yet.</div>
        )}
        <aside className="panel stack read-panel" aria-label="Reading">
          <ToolsPanel
            tools={tools}
            tool={tool}
            onTool={setTool}
            labels={labels}
            activeLabelId={activeLabelId}
            onLabel={setActiveLabelId}
            brushSize={brushSize}
            onBrushSize={setBrushSize}
            threshold={threshold}
            onThreshold={setThreshold}
            readOnly={readOnly}
          />
          <h2>Questions</h2>
          {classified && !readOnly && <AnswerSuggestion s={classified} questions={schema.data.schema.questions} current={view.answers[classified.questionId]} onUse={() => doc.transact(() => setAnswer(doc, classified.questionId, classified.answer), origin)} />}
          <QuestionForm
            questions={schema.data.schema.questions}
            answers={view.answers}
            disabled={readOnly}
            onChange={(id, v) => doc.transact(() => setAnswer(doc, id, v), origin)}
          />
          <h2>Findings</h2>
          <FindingsPanel doc={doc} origin={origin} findings={view.findings} labels={labels} readOnly={readOnly} />
          {showProblems && problems.length > 0 && (
            <div role="alert" className="alert">
              Not ready to submit:
              <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>
            </div>
          )}
          {open ? (
            <div className="row">
              <button className="btn btn-primary" onClick={onSubmit} disabled={submit.isPending || status !== 'saved'} title={status !== 'saved' ? 'Waiting until every edit is saved' : undefined}>
                Submit and next
              </button>
              <button className="btn" onClick={onSkip} disabled={skip.isPending}>Skip…</button>
            </div>
          ) : null}
          {open && <FlagProblem orgSlug={orgSlug} assignmentId={assignmentId} />}
          {!open && (
            <p className="muted">This read is {a.data.status.toLowerCase().replace('_', ' ')}{mode === 'ro' && a.data.status !== 'SUBMITTED' ? ' (read-only)' : ''}.</p>
          )}
        </aside>
      </div>
    </div>
  );
}
