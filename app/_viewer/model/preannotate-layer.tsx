'use client';

import { cache, utilities } from '@cornerstonejs/core';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type * as Y from 'yjs';
import { addAssist, decideMaskProposal, preannotationDue, putFinding } from '@/server/contracts/annotation-doc/doc';
import type { TAssist } from '@/server/contracts/annotation-doc/schema';
import type { TLabel } from '@/server/contracts/label-schema';
import type { TClassLabels } from '@/server/contracts/model/config';
import type { Box } from '@/server/contracts/model/pipeline';
import { hex } from '../core/color';
import { clearCanvas, displaySlice, drawMasks, followCamera } from './display';
import type { LiveStack } from './model-layer';
import type { ModelRunner } from './runner';

interface Proposal {
  imageId: string;
  width: number;
  height: number;
  latencyMs: number;
  masks: { label: TLabel; mask: Uint8Array; pixels: number }[];
  boxes: { label: TLabel; box: Box; score: number }[];
}

/** A pixel box as a filled mask, so it draws like a mask (solid edge, light fill). */
function boxMask(b: Box, w: number, h: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = b.y0; y <= b.y1; y++) m.fill(1, y * w + b.x0, y * w + b.x1 + 1);
  return m;
}

interface Props {
  element: RefObject<HTMLDivElement | null>;
  stack: () => LiveStack | null;
  seriesUid: string | null;
  /** The image on screen. */
  index: number;
  runner: ModelRunner;
  /** Class name → label id (the project's choice). */
  classLabels: TClassLabels;
  labels: TLabel[];
  doc: Y.Doc;
  origin: object;
  newId: () => string;
}

/**
 * Pre-annotation on open: when an image with nothing drawn for the model's labels comes on
 * screen, the project's automatic model (masks or boxes) proposes every mapped label at once,
 * drawn as its own layer; the reader accepts (Enter: model-assisted strokes or box findings, one
 * undo step) or rejects (Esc: only the decision is kept). An image decided once is not proposed
 * again. Moving on drops a proposal still being computed.
 */
export function PreannotateLayer(p: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [state, setState] = useState<'idle' | 'running' | 'empty' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(p);
  latest.current = p;
  const generation = useRef(0);
  const shown = p.stack()?.viewport.getCurrentImageId();
  const ready = Boolean(shown && cache.getImage(shown));

  useEffect(() => {
    const mine = ++generation.current;
    setProposal(null);
    setState('idle');
    const { stack, seriesUid, classLabels, labels, doc, runner } = latest.current;
    const s = stack();
    const imageId = s?.viewport.getCurrentImageId();
    const ref = imageId ? s?.frameOf(imageId) : null;
    const config = runner.model.config;
    const detects = config.task === 'detection';
    const classes = config.task === 'automatic-segmentation' || detects ? config.output.classes.map((c) => c.name) : [];
    // In the model's class order (the stored map's key order is the database's).
    const mapped = classes.flatMap((cls) => {
      const label = labels.find((l) => l.id === classLabels[cls] && l.kind === (detects ? 'box' : 'segmentation'));
      return label ? [{ cls, label }] : [];
    });
    if (!ready || !s || !imageId || !ref || !seriesUid || !mapped.length) return;
    if (!preannotationDue(doc, { seriesUid, ...ref }, mapped.map((m) => m.label.id))) return;
    const slice = displaySlice(s.viewport, imageId);
    if (!slice) return;
    setState('running');
    const t0 = performance.now();
    const run = detects
      ? runner.detect(slice).then((found) => ({ masks: [], boxes: found.flatMap((d) => mapped.filter((m) => m.cls === d.name).map(({ label }) => ({ label, box: d.box, score: d.score }))) }))
      : runner.segment(slice).then((found) => ({
          boxes: [],
          masks: mapped.flatMap(({ cls, label }) => {
            const c = found.find((x) => x.name === cls);
            return c && c.pixels ? [{ label, mask: c.mask, pixels: c.pixels }] : [];
          }),
        }));
    run
      .then(({ masks, boxes }) => {
        if (mine !== generation.current) return;
        const any = masks.length + boxes.length > 0;
        setState(any ? 'idle' : 'empty');
        if (any) setProposal({ imageId, width: slice.width, height: slice.height, latencyMs: Math.round(performance.now() - t0), masks, boxes });
      })
      .catch((err: Error) => {
        if (mine !== generation.current || err.message === 'superseded') return;
        setState('error');
        setError(err.message);
      });
  }, [p.index, ready, p.seriesUid, p.runner]);

  useEffect(() => {
    const el = p.element.current;
    const c = canvas.current;
    if (!el || !c) return;
    const draw = () => {
      const v = latest.current.stack()?.viewport;
      if (proposal && v && v.getCurrentImageId() === proposal.imageId) {
        const layers = [...proposal.masks.map((m) => ({ mask: m.mask, color: hex(m.label.color) })), ...proposal.boxes.map((b) => ({ mask: boxMask(b.box, proposal.width, proposal.height), color: hex(b.label.color) }))];
        drawMasks(c, v, proposal.imageId, layers, proposal.width, proposal.height);
      } else clearCanvas(c);
    };
    const moved = () => {
      generation.current++;
      setProposal(null);
    };
    return followCamera(el, draw, moved);
  }, [proposal, p.element]);

  /** Every class's decision in one transaction (one undo step); accepted ones are painted. */
  const decide = (outcome: TAssist['outcome']) => {
    const { stack, seriesUid, runner, doc, origin, newId } = latest.current;
    const s = stack();
    const ref = proposal && s?.frameOf(proposal.imageId);
    if (!proposal || !s || !ref || !seriesUid) return;
    const image = { seriesUid, ...ref };
    const about = { model: runner.model.name, version: runner.model.version, prompt: 'preannotate' as const, outcome, latencyMs: proposal.latencyMs };
    doc.transact(() => {
      for (const m of proposal.masks) decideMaskProposal(doc, { ...about, labelId: m.label.id, image, mask: m.mask, columns: proposal.width }, newId);
      for (const { label, box } of proposal.boxes) {
        // Pixel edges to patient coordinates, corners in the box tool's order (top-left, top-right, bottom-left, bottom-right).
        const at = (x: number, y: number) => [...utilities.imageToWorldCoords(proposal.imageId, [x, y])!] as [number, number, number];
        const points = [at(box.x0, box.y0), at(box.x1 + 1, box.y0), at(box.x0, box.y1 + 1), at(box.x1 + 1, box.y1 + 1)];
        addAssist(doc, { ...about, id: newId(), labelId: label.id, image, rows: proposal.height, columns: proposal.width, runs: [], box: { points, ...box } });
        if (outcome === 'accepted') putFinding(doc, { id: newId(), labelId: label.id, tool: 'box', image, points, values: [], text: '', attributes: {} });
      }
    }, origin);
    if (outcome === 'accepted') s.refresh();
    setProposal(null);
  };

  useEffect(() => {
    if (!proposal) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || (e.target instanceof HTMLElement && e.target.closest('input, textarea, select'))) return;
      if (e.key === 'Enter') decide('accepted');
      else if (e.key === 'Escape') decide('rejected');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [proposal]);

  const model = `${p.runner.model.name} ${p.runner.model.version}`;
  return (
    <>
      <canvas ref={canvas} className="viewer-proposal" aria-hidden />
      {(proposal || state !== 'idle') && (
        <div className="viewer-suggest viewer-preannotate" role="status" aria-label="Pre-annotation" data-testid="preannotation" data-state={proposal ? 'proposal' : state} data-latency-ms={proposal?.latencyMs ?? ''}>
          {proposal ? (
            <>
              <span title={model}>
                Model proposal:{' '}
                {proposal.masks.map((m, i) => (
                  <span key={m.label.id}>
                    {i > 0 && ' · '}
                    <b style={{ color: m.label.color }}>{m.label.name}</b> {m.pixels.toLocaleString()} px
                  </span>
                ))}
                {proposal.boxes.map((b, i) => (
                  <span key={i}>
                    {i + proposal.masks.length > 0 && ' · '}
                    <b style={{ color: b.label.color }}>{b.label.name}</b> box {b.score.toFixed(2)}
                  </span>
                ))}{' '}
                · {proposal.latencyMs} ms
              </span>
              <button className="btn btn-sm btn-primary" onClick={() => decide('accepted')} title="Accept every proposed label (Enter)">Accept</button>
              <button className="btn btn-sm" onClick={() => decide('rejected')} title="Reject the proposal (Esc)">Reject</button>
            </>
          ) : state === 'running' ? (
            <span>Pre-annotating with {model}…</span>
          ) : state === 'empty' ? (
            <span>{model} found nothing to propose on this image.</span>
          ) : (
            <span className="viewer-suggest-error">Pre-annotation failed: {error}</span>
          )}
        </div>
      )}
    </>
  );
}
