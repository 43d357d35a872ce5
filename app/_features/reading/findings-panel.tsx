'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { putFinding, removeFinding, setFindingAttribute, setSegmentAttribute } from '@/server/contracts/annotation-doc/doc';
import { paintedSegments } from '@/server/contracts/annotation-doc/runs';
import { segmentAnswers, TOOL_KIND, type TAnnotationDoc, type TFinding } from '@/server/contracts/annotation-doc/schema';
import type { ShowRequest } from '@/app/_viewer/show-finding';
import type { TLabel } from '@/server/contracts/label-schema';
import { QuestionForm } from '../schema/question-form';

/** A page's Show requests (one per click, the same finding again too) and the finding selected in its viewer. */
export function useFindingFocus() {
  const [request, setRequest] = useState<ShowRequest | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const show = useCallback((id: string, finding?: TFinding) => setRequest((r) => ({ id, seq: (r?.seq ?? 0) + 1, finding })), []);
  return { request, show, selectedId, setSelectedId };
}

/**
 * Each finding with its measured values, its label (of the fitting kind) and the label's
 * per-finding questions, and a button that brings it on screen; the one selected in the viewer
 * is marked and scrolled into view. Then each painted segment whose label has such questions.
 */
export function FindingsPanel(p: { doc: Y.Doc; origin: object; view: TAnnotationDoc; labels: TLabel[]; readOnly: boolean; selectedId?: string | null; onShow?(id: string): void }) {
  const { doc, origin, view, labels, readOnly } = p;
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (p.selectedId) list.current?.querySelector(`[data-finding="${CSS.escape(p.selectedId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [p.selectedId]);
  const { findings, strokes } = view;
  const asking = useMemo(() => labels.filter((l) => l.kind === 'segmentation' && l.attributes.length > 0), [labels]);
  const segments = useMemo(() => paintedSegments(strokes, asking.map((l) => l.id)), [strokes, asking]);
  if (!findings.length && !segments.length) return <p className="muted">No findings yet: draw with a measurement, point, contour or box tool.</p>;
  const edit = (fn: () => void) => doc.transact(fn, origin);
  const severalSeries = new Set(segments.map((s) => s.seriesUid)).size > 1;
  return (
    <>
      {findings.length > 0 && (
      <ol className="findings" ref={list}>
        {findings.map((f, i) => {
          const fitting = labels.filter((l) => l.kind === TOOL_KIND[f.tool]);
          const label = labels.find((l) => l.id === f.labelId);
          return (
            <li key={f.id} className="finding" data-testid="finding" data-finding={f.id} data-selected={p.selectedId === f.id || undefined}>
              <div className="row" style={{ justifyContent: 'space-between' }}>
                <span>
                  <strong>
                    {i + 1}. {f.tool}
                  </strong>
                  {f.plane && <span className="muted" data-testid="finding-plane"> · {planeName(f.plane.normal)} MPR</span>}
                </span>
                <span className="muted" data-testid="finding-values">
                  {f.values.map((v) => `${v.name} ${v.value.toFixed(1)} ${v.unit}`).join(' · ')}
                  {f.text ? ` “${f.text}”` : ''}
                </span>
              </div>
              <div className="row" style={{ gap: 6 }}>
                {p.onShow && (
                  <button className="btn btn-sm" aria-label={`Show finding ${i + 1}`} title="Show it in the viewer, selected" onClick={() => p.onShow!(f.id)}>
                    Show
                  </button>
                )}
                <select
                  aria-label={`Label of finding ${i + 1}`}
                  value={f.labelId ?? ''}
                  disabled={readOnly}
                  onChange={(e) => edit(() => putFinding(doc, { ...f, labelId: e.target.value || null }))}
                >
                  <option value="">— no label —</option>
                  {fitting.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
                {!readOnly && (
                  <button className="btn btn-sm" aria-label={`Delete finding ${i + 1}`} onClick={() => edit(() => removeFinding(doc, f.id))}>
                    Delete
                  </button>
                )}
              </div>
              {label && label.attributes.length > 0 && (
                <QuestionForm
                  name={`${f.id}-`}
                  questions={label.attributes}
                  answers={f.attributes}
                  disabled={readOnly}
                  onChange={(qid, v) => edit(() => setFindingAttribute(doc, f.id, qid, v))}
                />
              )}
            </li>
          );
        })}
      </ol>
      )}
      {segments.length > 0 && (
        <ul className="findings" aria-label="Segments">
          {segments.map(({ labelId, seriesUid }) => {
            const label = asking.find((l) => l.id === labelId)!;
            const answers = segmentAnswers(view.segments, { labelId, seriesUid });
            const name = `Segment ${label.name}${severalSeries ? ` · series …${seriesUid.slice(-6)}` : ''}`;
            return (
              <li key={`${labelId}|${seriesUid}`} className="finding" data-testid="segment">
                <strong>
                  <span className="swatch" style={{ background: label.color }} /> {name}
                </strong>
                <QuestionForm name={`segment-${labelId}-${seriesUid}-`} questions={label.attributes} answers={answers} disabled={readOnly} onChange={(qid, v) => edit(() => setSegmentAttribute(doc, labelId, seriesUid, qid, v))} />
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

/** A reconstruction's name from its normal (patient axes: x left, y posterior, z head). */
function planeName(normal: number[]) {
  const k = normal.map(Math.abs);
  const i = k.indexOf(Math.max(...k));
  return k[i]! > 0.99 ? ['sagittal', 'coronal', 'axial'][i] : 'oblique';
}
