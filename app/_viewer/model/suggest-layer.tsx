'use client';

import type { Types } from '@cornerstonejs/core';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Prompt } from '@/server/contracts/model/propose';
import { canvasToImage, clearCanvas, displaySlice, drawMask, followCamera } from './display';
import type { ModelRunner } from './runner';

export interface Decision {
  imageId: string;
  mask: Uint8Array;
  width: number;
  height: number;
  prompt: Prompt['kind'];
  latencyMs: number;
}

interface Props {
  /** The suggest tool is on the left button and the read is editable. */
  active: boolean;
  element: RefObject<HTMLDivElement | null>;
  target(): { viewport: Types.IStackViewport; imageId: string } | null;
  runner: ModelRunner | null;
  labelName: string;
  color: [number, number, number];
  onAccept(d: Decision): void;
  onReject(d: Decision): void;
  /** Carries the last accepted proposal to neighbouring slices; resolves to how many were added. Absent on single images. */
  onPropagate?: (() => Promise<number>) | null;
}

type Proposal = Decision & { pixels: number };

/**
 * Model suggestions on the viewport: click a structure (or drag a box around it), the model
 * proposes a mask in a distinct layer, the reader accepts (Enter) or rejects (Esc). Moving to
 * another image drops a proposal still being computed.
 */
export function SuggestLayer(p: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const generation = useRef(0);
  const latest = useRef(p);
  latest.current = p;
  const [, setLoaded] = useState(0);
  useEffect(() => void p.runner?.ready.then(() => setLoaded((n) => n + 1)), [p.runner]);

  useEffect(() => {
    const el = p.element.current;
    if (!el || !p.active) return;
    let start: { x: number; y: number } | null = null;
    const local = (e: PointerEvent) => {
      const r = el.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    const down = (e: PointerEvent) => {
      if (e.button !== 0 || e.ctrlKey || e.shiftKey) return;
      start = local(e);
    };
    const move = (e: PointerEvent) => {
      if (!start) return;
      const at = local(e);
      if (Math.hypot(at.x - start.x, at.y - start.y) > 4) setDrag({ x0: start.x, y0: start.y, x1: at.x, y1: at.y });
    };
    const up = (e: PointerEvent) => {
      if (!start) return;
      const end = local(e);
      const from = start;
      start = null;
      setDrag(null);
      const t = latest.current.target();
      if (!t) return;
      const a = canvasToImage(t.viewport, t.imageId, from.x, from.y);
      if (Math.hypot(end.x - from.x, end.y - from.y) <= 4) return void ask(t, { kind: 'click', x: Math.floor(a[0]), y: Math.floor(a[1]) });
      const b = canvasToImage(t.viewport, t.imageId, end.x, end.y);
      const box = { x0: Math.floor(Math.min(a[0], b[0])), y0: Math.floor(Math.min(a[1], b[1])), x1: Math.floor(Math.max(a[0], b[0])), y1: Math.floor(Math.max(a[1], b[1])) };
      void ask(t, { kind: 'box', box });
    };
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
  }, [p.active, p.element]);

  async function ask(t: { viewport: Types.IStackViewport; imageId: string }, prompt: Prompt) {
    const runner = latest.current.runner;
    const slice = displaySlice(t.viewport, t.imageId);
    if (!runner || !slice) return;
    if (prompt.kind === 'click' && (prompt.x < 0 || prompt.y < 0 || prompt.x >= slice.width || prompt.y >= slice.height)) return;
    const mine = ++generation.current;
    setBusy(true);
    setError(null);
    const t0 = performance.now();
    try {
      const result = await runner.propose(slice, prompt);
      if (mine !== generation.current) return;
      setProposal({ imageId: t.imageId, mask: result.mask, width: slice.width, height: slice.height, prompt: prompt.kind, latencyMs: Math.round(performance.now() - t0), pixels: result.pixels });
    } catch (err) {
      if (mine === generation.current && (err as Error).message !== 'superseded') setError((err as Error).message);
    } finally {
      if (mine === generation.current) setBusy(false);
    }
  }

  // Redraw with the camera; a new image (the reader moved on) cancels.
  useEffect(() => {
    const el = p.element.current;
    const c = canvas.current;
    if (!el || !c) return;
    const draw = () => {
      const t = latest.current.target();
      if (proposal && t && t.imageId === proposal.imageId) drawMask(c, t.viewport, t.imageId, proposal.mask, proposal.width, proposal.height, latest.current.color);
      else clearCanvas(c);
    };
    const moved = () => {
      generation.current++;
      setBusy(false);
      setProposal(null);
    };
    return followCamera(el, draw, moved);
  }, [proposal, p.element]);

  const decide = (accept: boolean) => {
    if (!proposal) return;
    const { pixels: _pixels, ...decision } = proposal;
    if (accept) latest.current.onAccept(decision);
    else latest.current.onReject(decision);
    setNote(null);
    setProposal(null);
  };

  const propagate = async () => {
    const run = latest.current.onPropagate;
    if (!run) return;
    setBusy(true);
    try {
      const n = await run();
      setNote(n ? `Added on ${n} neighbouring slice${n === 1 ? '' : 's'} (Ctrl+Z undoes)` : 'No neighbouring slice showed the structure clearly enough');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (!proposal) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') decide(true);
      else if (e.key === 'Escape') decide(false);
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [proposal]);

  const state = p.runner?.state;
  return (
    <>
      <canvas ref={canvas} className="viewer-proposal" aria-hidden />
      {drag && <div className="viewer-dragbox" style={{ left: Math.min(drag.x0, drag.x1), top: Math.min(drag.y0, drag.y1), width: Math.abs(drag.x1 - drag.x0), height: Math.abs(drag.y1 - drag.y0) }} />}
      {(p.active || proposal) && (
        <div className="viewer-suggest" role="status" aria-label="Model suggestion" data-testid="suggest" data-state={proposal ? 'proposal' : busy ? 'running' : state?.status ?? 'off'} data-load-ms={state?.loadMs === undefined ? '' : Math.round(state.loadMs)} data-threads={state?.threads ?? ''} data-latency-ms={proposal?.latencyMs ?? ''}>
          {proposal ? (
            <>
              <span>
                Proposal for <b>{p.labelName}</b>: {proposal.pixels.toLocaleString()} px · {proposal.latencyMs} ms
              </span>
              <button className="btn btn-sm btn-primary" onClick={() => decide(true)} title="Accept (Enter)">Accept</button>
              <button className="btn btn-sm" onClick={() => decide(false)} title="Reject (Esc)">Reject</button>
            </>
          ) : busy ? (
            <span>Computing a proposal…</span>
          ) : p.onPropagate && state?.status === 'ready' ? (
            <>
              <span>{note ?? 'Accepted.'}</span>
              {!note && <button className="btn btn-sm" onClick={() => void propagate()} title="Follow the structure to the neighbouring slices while it stays visible">Propagate to neighbours</button>}
            </>
          ) : error ? (
            <span className="viewer-suggest-error">{error}</span>
          ) : note && state?.status === 'ready' ? (
            <span>{note}</span>
          ) : state?.status === 'ready' ? (
            <span>{p.runner?.model.name} {p.runner?.model.version}: click a structure or drag a box around it · {state.backend}{state.backend === 'wasm' ? `, ${state.threads} thread${state.threads === 1 ? '' : 's'}` : ''}</span>
          ) : state?.status === 'error' ? (
            <span className="viewer-suggest-error">The model could not be loaded: {state.error}</span>
          ) : (
            <span>Loading the model…</span>
          )}
        </div>
      )}
    </>
  );
}
