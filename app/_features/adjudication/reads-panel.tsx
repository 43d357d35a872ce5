'use client';

import { useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { rasterize } from '@/server/contracts/annotation-doc/runs';
import type { TAnnotationDoc, TAnswer } from '@/server/contracts/annotation-doc/schema';
import { takeAnswer, takeFindings, takeMask } from '@/server/contracts/annotation-doc/take';
import type { TAgreementItem } from '@/server/contracts/agreement';
import type { TLabelSchema } from '@/server/contracts/label-schema';
import type { LayerMode } from '@/app/_viewer/layers/read-layers';

export interface Read {
  readerId: string;
  name: string;
  color: string;
  doc: TAnnotationDoc;
  ydoc: Y.Doc;
}

/** How the reads are shown: over the consensus (outlines or the disagreement map), or each in its own viewport. */
export type ShowMode = LayerMode | 'side';

interface Props {
  reads: Read[];
  consensus: TAnnotationDoc;
  schema: TLabelSchema;
  shown: Set<string>;
  onShown: (readerId: string, on: boolean) => void;
  mode: ShowMode;
  onMode: (m: ShowMode) => void;
  /** Whether the viewer has WebGL: without it, the consensus mask is not shown (the reads' outlines are). */
  webgl: boolean;
  /** Edits of the consensus document go through here (one undo step each). */
  edit: ((fn: (doc: Y.Doc) => void) => void) | null;
  /** The frame on screen (`sop/frame`), for taking one slice. */
  frame: string | null;
  /** The stack's frames in slice order, for taking a range of slices. */
  frames: string[];
  newId: () => string;
  /** The case's agreement per item: each question's statistic shows beside it. */
  items: TAgreementItem[];
}

function answerText(schema: TLabelSchema, questionId: string, v: TAnswer | undefined) {
  if (v === undefined) return '—';
  const q = schema.questions.find((x) => x.id === questionId);
  const option = (id: string) => (q && 'options' in q ? (q.options.find((o) => o.id === id)?.label ?? id) : id);
  return Array.isArray(v) ? v.map(option).join(', ') : typeof v === 'string' ? option(v) : String(v);
}

const pixels = (doc: TAnnotationDoc, labelId: string) => [...rasterize(doc.strokes, [labelId]).values()].reduce((n, f) => n + f.data.reduce((s, x) => s + x, 0), 0);

/**
 * The reads beside the consensus: which are drawn over the image, each reader's answer,
 * findings and mask per question and label, and "take" buttons that copy a reader's version
 * into the consensus document.
 */
export function ReadsPanel(p: Props) {
  const here = Math.max(0, p.frame ? p.frames.indexOf(p.frame) : 0) + 1;
  const [range, setRange] = useState<[number, number] | null>(null);
  const [from, to] = range ?? [here, here];
  const rangeFrames = () => new Set(p.frames.slice(Math.min(from, to) - 1, Math.max(from, to)));
  const rangeText = `slices ${Math.min(from, to)}–${Math.max(from, to)}`;
  const segIds = p.schema.labels.filter((l) => l.kind === 'segmentation').map((l) => l.id);
  // The reads do not change while the page is open: their mask sizes are counted once.
  const readPixels = useMemo(() => new Map(p.reads.map((r) => [r.readerId, new Map(segIds.map((id) => [id, pixels(r.doc, id)]))])), [p.reads, segIds.join()]);
  const consensusPixels = new Map(segIds.map((id) => [id, pixels(p.consensus, id)]));
  const differs = (a: unknown, b: unknown) => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
  return (
    <div className="stack" style={{ gap: 10 }}>
      <div className="row" role="group" aria-label="Reads shown over the image" style={{ flexWrap: 'wrap' }}>
        {p.reads.map((r) => (
          <label key={r.readerId} className="row" style={{ gap: 4 }}>
            <input type="checkbox" checked={p.shown.has(r.readerId)} onChange={(e) => p.onShown(r.readerId, e.target.checked)} />
            <span className="swatch" style={{ background: r.color }} />
            {r.name}
          </label>
        ))}
      </div>
      <div className="row" role="radiogroup" aria-label="Show the reads as">
        {segIds.length > 0 && <label className="row" style={{ gap: 4 }}><input type="radio" checked={p.mode === 'overlay'} onChange={() => p.onMode('overlay')} />Outlines</label>}
        {segIds.length > 0 && <label className="row" style={{ gap: 4 }}><input type="radio" checked={p.mode === 'disagreement'} onChange={() => p.onMode('disagreement')} />Disagreement map</label>}
        <label className="row" style={{ gap: 4 }}><input type="radio" checked={p.mode === 'side'} onChange={() => p.onMode('side')} />Side by side</label>
      </div>
      {!p.webgl && segIds.length > 0 && <p className="muted" role="note">No WebGL in this browser: the consensus mask is neither painted nor shown, only the reads’ outlines; take masks with the buttons below. Turn on hardware acceleration to see and paint it.</p>}
      {p.edit && segIds.length > 0 && p.frames.length > 1 && (
        <div className="row" role="group" aria-label="Slice range" title="The range the “slices” buttons take a reader’s mask on">
          Take on slices
          <input type="number" aria-label="From slice" min={1} max={p.frames.length} value={from} onChange={(e) => setRange([clamp(e.target.valueAsNumber, p.frames.length), to])} style={{ width: 56 }} />
          –
          <input type="number" aria-label="To slice" min={1} max={p.frames.length} value={to} onChange={(e) => setRange([from, clamp(e.target.valueAsNumber, p.frames.length)])} style={{ width: 56 }} />
          <button className="btn btn-xs" onClick={() => setRange([here, to])}>from here</button>
          <button className="btn btn-xs" onClick={() => setRange([from, here])}>to here</button>
        </div>
      )}
      <table className="data compact" aria-label="Compare the reads">
        <thead>
          <tr>
            <th>Item</th>
            {p.reads.map((r) => <th key={r.readerId}><span className="swatch" style={{ background: r.color }} /> {r.name}</th>)}
            <th>Consensus</th>
          </tr>
        </thead>
        <tbody>
          {p.schema.questions.map((q) => (
            <tr key={q.id}>
              <td>
                {q.text}
                <AgreementOf item={p.items.find((i) => i.kind === 'question' && i.id === q.id)} />
              </td>
              {p.reads.map((r) => (
                <td key={r.readerId}>
                  {answerText(p.schema, q.id, r.doc.answers[q.id])}
                  {p.edit && differs(r.doc.answers[q.id], p.consensus.answers[q.id]) && (
                    <button className="btn btn-xs" aria-label={`Take ${r.name}’s answer to “${q.text}”`} onClick={() => p.edit!((d) => takeAnswer(d, r.doc, q.id))}>take</button>
                  )}
                </td>
              ))}
              <td><strong>{answerText(p.schema, q.id, p.consensus.answers[q.id])}</strong></td>
            </tr>
          ))}
          {p.schema.labels.map((l) => (
            <tr key={l.id}>
              <td><span className="swatch" style={{ background: l.color }} /> {l.name}</td>
              {p.reads.map((r) => (
                <td key={r.readerId}>
                  {l.kind === 'segmentation' ? (
                    <>
                      {readPixels.get(r.readerId)?.get(l.id)?.toLocaleString()} px
                      {p.edit && (readPixels.get(r.readerId)?.get(l.id) || consensusPixels.get(l.id)) && (
                        <span className="row" style={{ gap: 2, display: 'inline-flex' }}>
                          <button className="btn btn-xs" aria-label={`Take ${r.name}’s ${l.name} mask`} onClick={() => p.edit!((d) => takeMask(d, r.doc, l.id, segIds, p.newId))}>take</button>
                          {p.frame && (
                            <button className="btn btn-xs" aria-label={`Take ${r.name}’s ${l.name} on this slice`} title="Only on the image on screen" onClick={() => p.edit!((d) => takeMask(d, r.doc, l.id, segIds, p.newId, new Set([p.frame!])))}>slice</button>
                          )}
                          {range && (
                            <button className="btn btn-xs" aria-label={`Take ${r.name}’s ${l.name} on ${rangeText}`} title="Only on the slice range chosen above" onClick={() => p.edit!((d) => takeMask(d, r.doc, l.id, segIds, p.newId, rangeFrames()))}>slices</button>
                          )}
                        </span>
                      )}
                    </>
                  ) : (
                    <>
                      <FindingValues doc={r.doc} labelId={l.id} />
                      {p.edit && <button className="btn btn-xs" aria-label={`Take ${r.name}’s ${l.name} findings`} onClick={() => p.edit!((d) => takeFindings(d, r.doc, l.id, p.newId))}>take</button>}
                    </>
                  )}
                </td>
              ))}
              <td>{l.kind === 'segmentation' ? `${consensusPixels.get(l.id)!.toLocaleString()} px` : <FindingValues doc={p.consensus} labelId={l.id} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const clamp = (n: number, max: number) => (Number.isFinite(n) ? Math.min(max, Math.max(1, Math.round(n))) : 1);

/** A label's findings in one document: how many, and their first measured value each (the spread across readers shows side by side). */
function FindingValues({ doc, labelId }: { doc: TAnnotationDoc; labelId: string }) {
  const fs = doc.findings.filter((f) => f.labelId === labelId);
  const values = fs.flatMap((f) => (f.values[0] ? [`${f.values[0].value.toFixed(1)} ${f.values[0].unit}`] : []));
  return <span>{fs.length}{values.length ? ` (${values.join(', ')})` : ''} </span>;
}

/** A question's agreement statistic across the reads (or why there is none). */
function AgreementOf({ item }: { item: TAgreementItem | undefined }) {
  if (!item || item.kind !== 'question') return null;
  return <div className="muted" title={item.reason ?? 'Agreement between the readers on this question'}>agreement {item.agreement === null ? 'n/a' : item.agreement.toFixed(2)}</div>;
}
