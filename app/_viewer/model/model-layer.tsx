'use client';

import type { Types } from '@cornerstonejs/core';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type * as Y from 'yjs';
import { decideMaskProposal } from '@/server/contracts/annotation-doc/doc';
import type { TAssist } from '@/server/contracts/annotation-doc/schema';
import type { TLabel } from '@/server/contracts/label-schema';
import type { TClassLabels } from '@/server/contracts/model/config';
import { propagate } from '@/server/contracts/model/propose';
import { hex } from '../core/color';
import { displaySlice } from './display';
import { type ModelRef, runnerFor } from './runner';
import { PreannotateLayer } from './preannotate-layer';
import { type Decision, SuggestLayer } from './suggest-layer';

export type Classified = {
  questionId: string;
  answer: string;
  probability: number;
  /** "name version", for display. */
  model: string;
  /** What the decision on it is recorded with (an assist of prompt "classify"). */
  assist: Omit<TAssist, 'id' | 'outcome' | 'answer' | 'prompt'>;
};

/** What the model layer needs of the viewer's live stack. */
export interface LiveStack {
  viewport: Types.IStackViewport;
  imageIds: string[];
  frameOf(imageId: string): { sopUid: string; frame: number } | null;
  /** Redraws the labelmap from the document (after strokes written here). */
  refresh(): void;
}

interface Props {
  element: RefObject<HTMLDivElement | null>;
  stack: () => LiveStack | null;
  seriesUid: string | null;
  view: { index: number; loaded: number; segmentsReady: boolean };
  suggesting: boolean;
  readOnly: boolean;
  label: TLabel | null;
  model: ModelRef | null | undefined;
  classifier: (ModelRef & { questionId: string }) | null | undefined;
  /** Pre-annotation on open: an automatic model and the label each of its classes proposes. */
  preannotation: (ModelRef & { labels: TClassLabels }) | null | undefined;
  /** The schema's labels (pre-annotation proposes segmentation labels). */
  labels: TLabel[];
  onClassified?: (r: Classified | null) => void;
  doc: Y.Doc;
  origin: object;
  newId: () => string;
}

/**
 * The viewer's model features: segmentation suggestions (accept / reject / propagate, written
 * to the annotation document as strokes with their assist records) and a classifier's answer
 * for the image on screen. Runners load as soon as the read is editable, so the first
 * suggestion does not wait for wasm compilation.
 */
export function ModelLayer(p: Props) {
  const latest = useRef(p);
  latest.current = p;
  const runner = useMemo(() => (p.model && !p.readOnly && p.label ? runnerFor(p.model) : null), [p.model, p.readOnly, p.label]);
  const classifierRunner = useMemo(() => (p.classifier && !p.readOnly ? runnerFor(p.classifier) : null), [p.classifier, p.readOnly]);
  const preRunner = useMemo(() => (p.preannotation && !p.readOnly ? runnerFor(p.preannotation) : null), [p.preannotation, p.readOnly]);
  const [lastAccepted, setLastAccepted] = useState<{ index: number; mask: Uint8Array; width: number } | null>(null);

  const loaded = p.view.loaded > 0;
  useEffect(() => {
    const s = latest.current.stack();
    const c = latest.current.classifier;
    const imageId = s?.viewport.getCurrentImageId();
    const slice = classifierRunner && s && imageId && loaded ? displaySlice(s.viewport, imageId) : null;
    if (!slice || !c || !s || !imageId) return;
    let gone = false;
    const ref = s.frameOf(imageId);
    const seriesUid = latest.current.seriesUid;
    const t0 = performance.now();
    classifierRunner!
      .classify(slice)
      .then((r) => {
        if (gone || !ref || !seriesUid) return;
        const assist = { model: c.name, version: c.version, labelId: '', image: { seriesUid, ...ref }, rows: slice.height, columns: slice.width, runs: [], latencyMs: Math.round(performance.now() - t0) };
        latest.current.onClassified?.({ questionId: c.questionId, answer: r.answer, probability: r.probability, model: `${c.name} ${c.version}`, assist });
      })
      .catch(() => !gone && latest.current.onClassified?.(null));
    return () => {
      gone = true;
    };
  }, [classifierRunner, p.view.index, loaded]);

  /** Writes decisions in one transaction (one undo step); accepted ones are painted too. */
  function record(items: { imageId: string; mask: Uint8Array; width: number; prompt: TAssist['prompt']; outcome: TAssist['outcome']; latencyMs: number }[]) {
    const { stack, seriesUid, label, model, doc, origin, newId } = latest.current;
    const s = stack();
    if (!s || !seriesUid || !label || !model) return;
    doc.transact(() => {
      for (const d of items) {
        const ref = s.frameOf(d.imageId);
        if (!ref) continue;
        decideMaskProposal(doc, { labelId: label.id, image: { seriesUid, ...ref }, mask: d.mask, columns: d.width, model: model.name, version: model.version, prompt: d.prompt, outcome: d.outcome, latencyMs: d.latencyMs }, newId);
      }
    }, origin);
    if (items.some((d) => d.outcome === 'accepted')) s.refresh();
  }

  const decide = (outcome: TAssist['outcome']) => (d: Decision) => {
    record([{ ...d, outcome }]);
    const ids = latest.current.stack()?.imageIds ?? [];
    setLastAccepted(outcome === 'accepted' && ids.length > 1 ? { index: ids.indexOf(d.imageId), mask: d.mask, width: d.width } : null);
  };

  const propagateLast = async () => {
    const s = latest.current.stack();
    const model = latest.current.model;
    if (!s || !lastAccepted || !runner || model?.config.task !== 'interactive-segmentation') return 0;
    const found = await propagate(model.config, runner.infer, (i) => (s.imageIds[i] ? displaySlice(s.viewport, s.imageIds[i]) : null), lastAccepted);
    record(found.map((f) => ({ imageId: s.imageIds[f.index]!, mask: f.mask, width: lastAccepted.width, prompt: 'auto', outcome: 'accepted', latencyMs: 0 })));
    setLastAccepted(null);
    return found.length;
  };

  // Masks are painted into the labelmap, so they wait for it; boxes only need the image.
  const pre = preRunner && p.preannotation && (p.view.segmentsReady || p.preannotation.config.task === 'detection') && (
    <PreannotateLayer
      element={p.element}
      stack={p.stack}
      seriesUid={p.seriesUid}
      index={p.view.index}
      runner={preRunner}
      classLabels={p.preannotation.labels}
      labels={p.labels}
      doc={p.doc}
      origin={p.origin}
      newId={p.newId}
    />
  );
  if (!runner || !p.label) return pre || null;
  return (
    <>
    {pre}
    <SuggestLayer
      active={p.suggesting && p.view.segmentsReady}
      element={p.element}
      target={() => {
        const v = latest.current.stack()?.viewport;
        const imageId = v?.getCurrentImageId();
        return v && imageId ? { viewport: v, imageId } : null;
      }}
      runner={runner}
      labelName={p.label.name}
      color={hex(p.label.color)}
      onAccept={decide('accepted')}
      onReject={decide('rejected')}
      onPropagate={lastAccepted && lastAccepted.index === p.view.index ? propagateLast : null}
    />
    </>
  );
}
