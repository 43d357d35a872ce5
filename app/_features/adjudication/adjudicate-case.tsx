'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import * as Y from 'yjs';
import { readDoc, setAnswer } from '@/server/contracts/annotation-doc/doc';
import { readProblems } from '@/server/contracts/annotation-doc/validate';
import { Status } from '@/app/_components/status';
import { dicomwebRoot, prefetchStudy } from '@/app/_viewer/core/prefetch';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { QuestionForm } from '../schema/question-form';
import { FindingsPanel, useFindingFocus } from '../reading/findings-panel';
import { ToolsPanel, useToolChoice } from '../reading/tools-panel';
import { useAnnotationDoc, useUndoKeys } from '../reading/use-annotation-doc';
import { useDocView } from '../reading/use-doc-view';
import { Invites } from './invites';
import { MatchedFindings } from './matched-findings';
import { colorOf, Presence, READER_COLORS } from '../reading/presence';
import { ReadsPanel, type Read, type ShowMode } from './reads-panel';
import { Threads } from './threads';

const loadViewer = () => import('@/app/_viewer/viewer');
const Viewer = dynamic(() => loadViewer().then((m) => m.Viewer), { ssr: false, loading: () => <div className="viewer viewer-loading">Starting the viewer…</div> });

/**
 * A lead adjudicates a case: the consensus document (seeded from the candidate consensus) in
 * the viewer with the reading tools, every read drawn over it in its reader's colour or as a
 * disagreement map, each reader's answers and findings beside the consensus with "take", who
 * else is here (follow them), and finalize.
 */
export function AdjudicateCase({ orgSlug, projectId, caseId }: { orgSlug: string; projectId: string; caseId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = { orgSlug, projectId };
  const v = useQuery(trpc.adjudication.view.queryOptions({ ...scope, caseId }));
  const me = useQuery(trpc.user.me.queryOptions());
  const schema = useQuery({ ...trpc.project.labelSchema.queryOptions({ ...scope, version: v.data?.schemaVersion }), enabled: Boolean(v.data) });
  const mint = useMutation(trpc.adjudication.consensusToken.mutationOptions());
  const finalize = useMutation(trpc.adjudication.finalize.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.adjudication.pathKey() }) }));
  const mintRef = useRef(mint.mutateAsync);
  mintRef.current = mint.mutateAsync;
  const token = useCallback(() => mintRef.current({ ...scope, caseId }), [orgSlug, projectId, caseId]);
  // A blinded project's invited reader announces a key only; each viewer names people from its own directory.
  const presence = useMemo(() => (me.data && v.data ? { key: v.data.me.key, color: colorOf(me.data.id), ...(v.data.me.anonymous ? {} : { name: me.data.name }) } : null), [me.data, v.data]);
  const { doc, origin, undo, status, peers: announced, announce, commentNotices, noticeComments, error: docError } = useAnnotationDoc(v.data && me.data ? v.data.docName : null, token, presence);
  const peers = useMemo(() => announced.map((p) => ({ ...p, name: (p.key && v.data?.people[p.key]) || p.name || 'A participant' })), [announced, v.data]);
  const consensus = useDocView(doc);
  // "Take" edits come from outside the viewer's tools, so they carry their own origin (the viewer
  // redraws for any origin but its own) and join this user's undo history.
  const takeOrigin = useMemo(() => ({ take: true }), []);
  useEffect(() => undo?.addTrackedOrigin(takeOrigin), [undo, takeOrigin]);
  useEffect(() => void loadViewer().then((m) => m.preload()), []);
  useEffect(() => {
    if (v.data?.studyInstanceUid) prefetchStudy(dicomwebRoot(orgSlug, projectId), v.data.studyInstanceUid, v.data.openSeriesUid);
  }, [v.data, orgSlug, projectId]);

  // Each read as a document of its own: drawn side by side in a read-only viewer, and read for the compare table.
  const readDocs = useMemo(
    () =>
      (v.data?.reads ?? []).map((r) => {
        const d = new Y.Doc();
        Y.applyUpdate(d, Uint8Array.from(atob(r.snapshot), (c) => c.charCodeAt(0)));
        return d;
      }),
    [v.data],
  );
  useEffect(() => () => readDocs.forEach((d) => d.destroy()), [readDocs]);
  const reads: Read[] = useMemo(
    () => (v.data?.reads ?? []).map((r, i) => ({ readerId: r.readerId, name: r.name, color: READER_COLORS[i % READER_COLORS.length]!, doc: readDoc(readDocs[i]!), ydoc: readDocs[i]! })),
    [v.data, readDocs],
  );
  const readOrigin = useMemo(() => ({ read: true }), []);
  // Side by side, every viewport shows the same slice: whichever moved last sets it.
  const [sharedIndex, setSharedIndex] = useState<number | null>(null);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const shown = useMemo(() => new Set(reads.map((r) => r.readerId).filter((id) => !hidden.has(id))), [reads, hidden]);
  const layers = useMemo(() => reads.filter((r) => shown.has(r.readerId)).map((r) => ({ id: r.readerId, name: r.name, color: r.color, strokes: r.doc.strokes })), [reads, shown]);
  const [mode, setMode] = useState<ShowMode>('overlay');
  const [following, setFollowing] = useState<number | null>(null);
  const [frame, setFrame] = useState<string | null>(null);
  const [frames, setFrames] = useState<string[]>([]);
  const focus = useFindingFocus();

  const labels = useMemo(() => schema.data?.schema.labels ?? [], [schema.data]);
  // Without WebGL (the viewer says so) masks can be neither painted nor shown; the reads' outlines still are.
  const { webgl, tools, toolLabels, tool, choose: setTool, activeLabelId, setActiveLabelId } = useToolChoice(labels, false);
  const [brushSize, setBrushSize] = useState(8);
  const [threshold, setThreshold] = useState<[number, number]>([-150, 200]);
  const [reason, setReason] = useState('');
  useUndoKeys(undo);

  const common = v.data && {
    dicomwebRoot: dicomwebRoot(orgSlug, projectId),
    studyUid: v.data.studyInstanceUid ?? '',
    preferredSeriesUid: v.data.openSeriesUid,
    labels,
    activeLabelId,
    brushSize,
    threshold,
    newId: () => crypto.randomUUID(),
    arrowText: () => window.prompt('Arrow text') ?? '',
  };

  const problems = useMemo(() => (schema.data ? readProblems(schema.data.schema, consensus) : []), [schema.data, consensus]);

  if (v.isError) return <div role="alert" className="alert">{errorMessage(v.error)}</div>;
  if (!v.data || !common || !schema.data || !doc) return <p className="muted">Loading the case…</p>;
  const editable = v.data.mode === 'rw';
  const followed = peers.find((p) => p.clientId === following);
  const edit = editable ? (fn: (d: Y.Doc) => void) => doc.transact(() => fn(doc), takeOrigin) : null;
  const onFinalize = (e: FormEvent) => {
    e.preventDefault();
    finalize.mutate({ ...scope, caseId, reason }, { onSuccess: () => void v.refetch() });
  };
  return (
    <div className="read-page">
      <div className="page-head">
        <h1 title={v.data.caseLabel}>Adjudicate {v.data.caseLabel}</h1>
        <Status value={v.data.caseStatus} />
        <Link href={`/${orgSlug}/projects/${projectId}/adjudication`} className="muted">back to the queue</Link>
        <span className={`save-chip save-${status}`} role="status" aria-label="Save status" data-status={status}>{status === 'saved' ? 'Saved' : status === 'read-only' ? 'Read-only' : status === 'offline' ? 'Offline — edits kept here' : status === 'saving' ? 'Saving…' : 'Loading…'}</span>
        <Presence me={me.data ? { name: me.data.name, color: colorOf(me.data.id) } : null} peers={peers} following={following} onFollow={setFollowing} />
      </div>
      {(docError || finalize.error) && <div role="alert" className="alert">{finalize.error ? errorMessage(finalize.error) : docError}</div>}
      <div className="reading reading-wide">
        {v.data.studyInstanceUid ? (
          <div className={mode === 'side' ? 'side-by-side' : undefined}>
            <div className="side-cell" role="group" aria-label="Consensus">
              {mode === 'side' && <div className="side-title">Consensus</div>}
              <Viewer
                {...common}
                compact={mode === 'side'}
                syncGroup={mode === 'side' ? caseId : null}
                doc={doc}
                origin={origin}
                readOnly={!editable}
                tool={tool}
                onToolChange={(t) => tools.includes(t) && setTool(t)}
                layers={mode === 'side' ? undefined : layers}
                layerMode={mode === 'side' ? undefined : mode}
                goTo={followed?.index ?? (mode === 'side' ? sharedIndex : null)}
                onIndex={(i, f) => {
                  announce({ index: i });
                  setFrame(f);
                  setSharedIndex(i);
                }}
                onFrames={setFrames}
                showFinding={focus.request}
                onSelectFinding={focus.setSelectedId}
                cursors={peers.flatMap((p) => (p.pointer && p.index !== null ? [{ id: p.clientId, name: p.name, color: p.color, index: p.index, ...p.pointer }] : []))}
                onPointer={(pt) => announce({ x: pt?.x ?? null, y: pt?.y ?? null })}
              />
            </div>
            {mode === 'side' &&
              reads
                .filter((r) => shown.has(r.readerId))
                .map((r) => (
                  <div key={r.readerId} className="side-cell" role="group" aria-label={`Read of ${r.name}`}>
                    <div className="side-title"><span className="swatch" style={{ background: r.color }} /> {r.name}</div>
                    <Viewer {...common} compact syncGroup={caseId} doc={r.ydoc} origin={readOrigin} readOnly tool="windowLevel" onToolChange={() => {}} goTo={followed?.index ?? sharedIndex} onIndex={(i) => setSharedIndex(i)} />
                  </div>
                ))}
          </div>
        ) : (
          <div className="viewer viewer-loading">This case has no images.</div>
        )}
        <aside className="panel stack read-panel" aria-label="Adjudication">
          <h2>Reads</h2>
          <ReadsPanel
            reads={reads}
            consensus={consensus}
            schema={schema.data.schema}
            shown={shown}
            onShown={(id, on) => setHidden((h) => { const n = new Set(h); if (on) n.delete(id); else n.add(id); return n; })}
            mode={mode}
            onMode={setMode}
            webgl={webgl}
            edit={edit}
            frame={frame}
            frames={frames}
            newId={() => crypto.randomUUID()}
            items={v.data.items}
          />
          <MatchedFindings items={v.data.items} reads={reads} consensus={consensus} edit={edit} onShow={(f) => focus.show(f.id, f)} />
          <ToolsPanel tools={tools} tool={tool} onTool={setTool} labels={toolLabels} activeLabelId={activeLabelId} onLabel={setActiveLabelId} brushSize={brushSize} onBrushSize={setBrushSize} threshold={threshold} onThreshold={setThreshold} readOnly={!editable} />
          <h2>Consensus answers</h2>
          <QuestionForm questions={schema.data.schema.questions} answers={consensus.answers} disabled={!editable} name="consensus-" onChange={(id, value) => doc.transact(() => setAnswer(doc, id, value), origin)} />
          <section aria-label="Consensus findings" className="stack">
            <h2>Consensus findings</h2>
            <FindingsPanel doc={doc} origin={origin} view={consensus} labels={labels} readOnly={!editable} selectedId={focus.selectedId} onShow={focus.show} />
          </section>
          <h2>Discussion</h2>
          <Threads scope={{ ...scope, caseId }} schema={schema.data.schema} findings={consensus.findings} canResolve={v.data.decides} notices={commentNotices} onChanged={noticeComments} />
          {v.data.decides && <Invites scope={{ ...scope, caseId }} reads={v.data.reads} />}
          {editable && !v.data.decides && undo && <button type="button" className="btn" title="Undo your last edit (Ctrl+Z)" onClick={() => undo.undo()}>Undo</button>}
          {v.data.decides && (
            <form className="stack" onSubmit={onFinalize} aria-label="Finalize">
              {problems.length > 0 && <div className="alert" role="note">Not ready: <ul>{problems.map((x) => <li key={x}>{x}</li>)}</ul></div>}
              <label className="stack" style={{ gap: 4 }}>
                Reason (optional)
                <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} />
              </label>
              <div className="row">
                <button className="btn btn-primary" disabled={finalize.isPending || status !== 'saved' || problems.length > 0} title={status !== 'saved' ? 'Waiting until every edit is saved' : undefined}>
                  {v.data.caseStatus === 'DONE' ? 'Finalize again (new version)' : 'Finalize'}
                </button>
                {undo && <button type="button" className="btn" title="Undo your last edit (Ctrl+Z)" onClick={() => undo.undo()}>Undo</button>}
              </div>
              {finalize.data && <p role="status" className="muted">Finalized as version {finalize.data.version}; the case is done.</p>}
            </form>
          )}
        </aside>
      </div>
    </div>
  );
}
