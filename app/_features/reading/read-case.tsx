'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { recordAnswerAssist, setAnswer } from '@/server/contracts/annotation-doc/doc';
import type { TAnswer } from '@/server/contracts/annotation-doc/schema';
import { readProblems } from '@/server/contracts/annotation-doc/validate';
import type { ViewerTool } from '@/app/_viewer/tools/tool-group';
import { dicomwebRoot, prefetchStudy } from '@/app/_viewer/core/prefetch';
import type { Classified } from '@/app/_viewer/model/model-layer';
import { Status } from '@/app/_components/status';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { QuestionForm } from '../schema/question-form';
import { FindingsPanel, useFindingFocus } from './findings-panel';
import { useActiveTime } from './active-time';
import { AnswerSuggestion } from './answer-suggestion';
import { colorOf, Presence } from './presence';
import { FlagProblem } from './flag-problem';
import { ToolsPanel, useToolChoice } from './tools-panel';
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
  // A shared read may be submitted by another of its readers: the page notices within seconds.
  const a = useQuery({ ...trpc.assignment.get.queryOptions({ orgSlug, assignmentId }), refetchInterval: (q) => (q.state.data?.sharedWith && q.state.data.status !== 'SUBMITTED' ? 5000 : false) });
  const shared = Boolean(a.data?.sharedWith);
  const me = useQuery({ ...trpc.user.me.queryOptions(), enabled: shared });
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
  const presence = useMemo(() => (me.data ? { key: me.data.id, name: me.data.name, color: colorOf(me.data.id) } : null), [me.data]);
  const { doc, origin, undo, status, mode, peers, announce, error: docError } = useAnnotationDoc(a.data && (!shared || presence) ? a.data.docName : null, token, shared ? presence : null);
  const [following, setFollowing] = useState<number | null>(null);
  const focus = useFindingFocus();
  const followed = peers.find((p) => p.clientId === following);
  const view = useDocView(doc);

  const labels = useMemo(() => schema.data?.schema.labels ?? [], [schema.data]);
  const model = useQuery({ ...trpc.model.active.queryOptions({ orgSlug, projectId: a.data?.projectId ?? 'x' }), enabled: Boolean(a.data), staleTime: Infinity });
  const modelRef = useMemo(() => {
    const m = model.data?.segmentation;
    return m?.config.task === 'interactive-segmentation' ? { url: m.url, name: m.name, version: m.version, config: m.config } : null;
  }, [model.data]);
  const preannotationRef = useMemo(() => {
    const m = model.data?.preannotation;
    return m ? { url: m.url, name: m.name, version: m.version, config: m.config, labels: m.labels } : null;
  }, [model.data]);
  const classifierRef = useMemo(() => {
    const c = model.data?.classifier;
    return c ? { url: c.url, name: c.name, version: c.version, config: c.config, questionId: c.questionId } : null;
  }, [model.data]);
  const [classified, setClassified] = useState<Classified | null>(null);
  /** An answer, and — when a classifier suggested one for this question on the image on screen — whether the reader took it. */
  const answer = (questionId: string, value: TAnswer | null) =>
    doc?.transact(() => {
      setAnswer(doc, questionId, value);
      if (classified?.questionId === questionId && value !== null) recordAnswerAssist(doc, { ...classified.assist, id: crypto.randomUUID(), answer: { questionId, value: classified.answer } }, value);
    }, origin);
  const { tools, toolLabels, tool, choose, activeLabelId, setActiveLabelId } = useToolChoice(labels, Boolean(modelRef));
  const toolKey = a.data ? `concord:tool:${a.data.projectId}` : null;
  const [brushSize, setBrushSize] = useState(8);
  const [threshold, setThreshold] = useState<[number, number]>([-150, 200]);
  const setTool = useCallback(
    (t: ViewerTool) => {
      if (!tools.includes(t)) return;
      choose(t);
      if (toolKey) localStorage.setItem(toolKey, t);
    },
    [tools, toolKey, choose],
  );
  useEffect(() => {
    const saved = toolKey ? (localStorage.getItem(toolKey) as ViewerTool | null) : null;
    if (saved && tools.includes(saved)) choose(saved);
  }, [toolKey, tools, choose]);

  useEffect(() => {
    if (a.data?.mine && a.data.status === 'ASSIGNED' && !a.data.projectArchived && !started.current) {
      started.current = true;
      start.mutate({ orgSlug, assignmentId }, { onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.assignment.get.pathKey() }) });
    }
  }, [a.data, orgSlug, assignmentId, start, qc, trpc]);

  useUndoKeys(undo);
  useEffect(() => {
    if (a.data?.studyInstanceUid) prefetchStudy(dicomwebRoot(orgSlug, a.data.projectId), a.data.studyInstanceUid, a.data.openSeriesUid);
  }, [a.data, orgSlug]);

  /** After a submit or skip: the next case, or the worklist when there is none or it cannot be asked for (the read is stored either way). */
  async function goNext() {
    const next = await qc
      .invalidateQueries({ queryKey: trpc.assignment.pathKey() })
      .then(() => qc.fetchQuery(trpc.assignment.next.queryOptions({ orgSlug })))
      .catch(() => null);
    router.push(next ? `/${orgSlug}/read/${next.assignmentId}` : `/${orgSlug}/worklist`);
  }

  // Submit pressed while an edit is still on its way (a measurement's values follow a drawing by a
  // moment): it goes once the server has everything, instead of the click being lost on a disabled button.
  const [submitQueued, setSubmitQueued] = useState(false);
  const activeTime = useActiveTime(assignmentId, Boolean(a.data?.mine && (a.data.status === 'ASSIGNED' || a.data.status === 'IN_PROGRESS')));
  const sendSubmit = () =>
    submit.mutate(
      { orgSlug, assignmentId, activeMs: activeTime.take() },
      {
        onSuccess: () => {
          activeTime.clear();
          void goNext();
        },
      },
    );
  const sendRef = useRef(sendSubmit);
  sendRef.current = sendSubmit;
  useEffect(() => {
    if (!submitQueued || status !== 'saved') return;
    setSubmitQueued(false);
    sendRef.current();
  }, [submitQueued, status]);

  // The page also renders for the save status, peers and queries: the check reruns only when the read or schema changes.
  const problems = useMemo(() => (schema.data ? readProblems(schema.data.schema, view) : []), [schema.data, view]);

  if (a.isError) return <div role="alert" className="alert">{errorMessage(a.error)}</div>;
  if (!a.data || !schema.data || !doc) return <p className="muted">Loading case…</p>;
  const open = a.data.mine && (a.data.status === 'ASSIGNED' || a.data.status === 'IN_PROGRESS') && mode !== 'ro';
  const readOnly = !open;

  function onSubmit() {
    if (problems.length) return setShowProblems(true);
    if (status !== 'saved') setSubmitQueued(true);
    else sendSubmit();
  }
  function onSkip() {
    const reason = window.prompt('Why do you skip this case? (wrong series, image quality, burned-in text…)');
    if (reason) skip.mutate({ orgSlug, assignmentId, reason }, { onSuccess: () => void goNext() });
  }
  const failure = submit.error ?? skip.error ?? start.error;
  return (
    <div className="read-page">
      <div className="page-head">
        <h1 title={a.data.caseLabel}>{a.data.caseLabel}</h1>
        <span className="muted">{a.data.projectName}</span>
        <Status value={a.data.status} />
        {!a.data.mine && <span className="muted">read by {a.data.readerName} · read-only</span>}
        <span className={`save-chip save-${status}`} role="status" aria-label="Save status" data-status={status}>
          {STATUS_TEXT[status]}
        </span>
        {shared && presence && (
          <Presence me={presence} peers={peers.map((p) => ({ ...p, name: p.name ?? 'A reader' }))} following={following} onFollow={setFollowing} />
        )}
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
            dicomwebRoot={dicomwebRoot(orgSlug, a.data.projectId)}
            studyUid={a.data.studyInstanceUid}
            preferredSeriesUid={a.data.openSeriesUid}
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
            preannotation={preannotationRef}
            onClassified={setClassified}
            showFinding={focus.request}
            onSelectFinding={focus.setSelectedId}
            {...(shared && {
              goTo: followed?.index ?? null,
              onIndex: (i: number) => announce({ index: i }),
              cursors: peers.flatMap((p) => (p.pointer && p.index !== null ? [{ id: p.clientId, name: p.name ?? 'A reader', color: p.color, index: p.index, ...p.pointer }] : [])),
              onPointer: (pt: { x: number; y: number } | null) => announce({ x: pt?.x ?? null, y: pt?.y ?? null }),
            })}
          />
        ) : (
          <div className="viewer viewer-loading">This case has no images yet.</div>
        )}
        <aside className="panel stack read-panel" aria-label="Reading">
          <ToolsPanel
            tools={tools}
            tool={tool}
            onTool={setTool}
            labels={toolLabels}
            activeLabelId={activeLabelId}
            onLabel={setActiveLabelId}
            brushSize={brushSize}
            onBrushSize={setBrushSize}
            threshold={threshold}
            onThreshold={setThreshold}
            readOnly={readOnly}
          />
          <h2>Questions</h2>
          {classified && !readOnly && <AnswerSuggestion s={classified} questions={schema.data.schema.questions} current={view.answers[classified.questionId]} onUse={() => answer(classified.questionId, classified.answer)} />}
          <QuestionForm
            questions={schema.data.schema.questions}
            answers={view.answers}
            disabled={readOnly}
            onChange={answer}
          />
          <h2>Findings</h2>
          <FindingsPanel doc={doc} origin={origin} view={view} labels={labels} readOnly={readOnly} selectedId={focus.selectedId} onShow={focus.show} />
          {showProblems && problems.length > 0 && (
            <div role="alert" className="alert">
              Not ready to submit:
              <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>
            </div>
          )}
          {a.data.sharedWith && (
            <p className="muted" role="note">
              A collaborative case: {a.data.sharedWith.length ? a.data.sharedWith.join(', ') : 'its other readers'} and you edit this one read together{open ? '; whoever submits it submits it for everyone' : ''}.
            </p>
          )}
          {open ? (
            <div className="row">
              <button className="btn btn-primary" onClick={onSubmit} disabled={submit.isPending || submitQueued} title={status !== 'saved' ? 'Submits once every edit is saved' : undefined}>
                {submitQueued ? 'Submitting once saved…' : shared ? 'Submit for everyone and next' : 'Submit and next'}
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
