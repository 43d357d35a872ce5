'use client';

import { Enums as CoreEnums } from '@cornerstonejs/core';
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { rasterize } from '@/server/contracts/annotation-doc/runs';
import type { TStroke } from '@/server/contracts/annotation-doc/schema';
import { hex } from '../core/color';
import { clearCanvas, drawImageLayer } from '../model/display';
import type { LiveStack } from '../model/model-layer';

/** One read shown over the image: its painted strokes, in its reader's colour. */
export interface ReadLayer {
  id: string;
  name: string;
  color: string;
  strokes: TStroke[];
}

export type LayerMode = 'overlay' | 'disagreement';

interface Props {
  element: RefObject<HTMLDivElement | null>;
  stack: () => LiveStack | null;
  index: number;
  /** Images in the stack (the slices are listed once they are known). */
  count: number;
  layers: ReadLayer[];
  /** Segmentation labels compared (pixels of any of them count as marked). */
  labelIds: string[];
  mode: LayerMode;
}

type Frame = { rows: number; columns: number; data: Uint8Array };

/** Per pixel, how many of the layers mark it (frames where any layer has a mask). */
function countFrames(layers: ReadLayer[], labelIds: string[]) {
  const counts = new Map<string, Frame>();
  for (const layer of layers) {
    for (const [key, f] of rasterize(layer.strokes, labelIds)) {
      const c = counts.get(key) ?? counts.set(key, { rows: f.rows, columns: f.columns, data: new Uint8Array(f.data.length) }).get(key)!;
      if (c.data.length !== f.data.length) continue;
      for (let i = 0; i < f.data.length; i++) if (f.data[i]) c.data[i]!++;
    }
  }
  return counts;
}

/** Where readers differ: pixels marked by some but not all of the layers. */
const disagrees = (f: Frame, n: number) => f.data.some((c) => c > 0 && c < n);

/** Yellow where one reader of many marked a pixel, through orange to red where all but one did. */
function heat(count: number, n: number): [number, number, number] {
  const t = n > 2 ? (count - 1) / (n - 2) : 1;
  return [239, Math.round(200 - 150 * t), Math.round(60 - 40 * t)];
}

/**
 * The readers' masks over the viewport for a lead: each read outlined in its reader's colour, or
 * the disagreement map (pixels some readers marked and others did not, coloured by how many;
 * where all agree, a faint green). Follows the camera; "next disagreement" steps through slices.
 */
export function ReadLayers(p: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frames = useMemo(() => p.layers.map((l) => ({ color: hex(l.color), frames: rasterize(l.strokes, p.labelIds) })), [p.layers, p.labelIds]);
  const counts = useMemo(() => countFrames(p.layers, p.labelIds), [p.layers, p.labelIds]);
  const n = p.layers.length;
  const latest = useRef({ frames, counts, mode: p.mode, n, stack: p.stack });
  latest.current = { frames, counts, mode: p.mode, n, stack: p.stack };

  const disputedSlices = useMemo(() => {
    const s = p.stack();
    if (!s || n < 2) return [];
    return s.imageIds.flatMap((id, i) => {
      const ref = s.frameOf(id);
      const f = ref && counts.get(`${ref.sopUid}/${ref.frame}`);
      return f && disagrees(f, n) ? [i] : [];
    });
  }, [counts, n, p.stack, p.count]);

  useEffect(() => {
    const el = p.element.current;
    const c = canvas.current;
    if (!el || !c) return;
    const draw = () => {
      const { frames, counts, mode, n, stack } = latest.current;
      const s = stack();
      const imageId = s?.viewport.getCurrentImageId();
      const ref = imageId ? s!.frameOf(imageId) : null;
      if (!s || !imageId || !ref || !n) return clearCanvas(c);
      const key = `${ref.sopUid}/${ref.frame}`;
      const any = counts.get(key);
      if (!any) return clearCanvas(c);
      const { rows: h, columns: w } = any;
      const rgba = new ImageData(w, h);
      if (mode === 'disagreement') {
        for (let i = 0; i < any.data.length; i++) {
          const k = any.data[i]!;
          if (!k) continue;
          rgba.data.set(k === n ? [34, 197, 94, 60] : [...heat(k, n), 200], i * 4);
        }
      } else {
        for (const layer of frames) {
          const f = layer.frames.get(key);
          if (!f || f.data.length !== w * h) continue;
          const d = f.data;
          for (let i = 0; i < d.length; i++) {
            if (!d[i]) continue;
            const x = i % w, y = (i - x) / w;
            const edge = x === 0 || y === 0 || x === w - 1 || y === h - 1 || !d[i - 1] || !d[i + 1] || !d[i - w] || !d[i + w];
            if (edge) rgba.data.set([...layer.color, 255], i * 4);
            else if (!rgba.data[i * 4 + 3]) rgba.data.set([...layer.color, 40], i * 4);
          }
        }
      }
      drawImageLayer(c, s.viewport, imageId, rgba);
    };
    draw();
    el.addEventListener(CoreEnums.Events.CAMERA_MODIFIED, draw);
    el.addEventListener(CoreEnums.Events.STACK_NEW_IMAGE, draw);
    el.addEventListener(CoreEnums.Events.IMAGE_RENDERED, draw);
    return () => {
      el.removeEventListener(CoreEnums.Events.CAMERA_MODIFIED, draw);
      el.removeEventListener(CoreEnums.Events.STACK_NEW_IMAGE, draw);
      el.removeEventListener(CoreEnums.Events.IMAGE_RENDERED, draw);
    };
  }, [p.element, frames, counts, p.mode, n, p.index]);

  const next = () => {
    const s = p.stack();
    if (!s || !disputedSlices.length) return;
    const at = disputedSlices.find((i) => i > p.index) ?? disputedSlices[0]!;
    void s.viewport.setImageIdIndex(at);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'n' || e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement).closest('input, textarea, select')) return;
      next();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <>
      <canvas ref={canvas} className="viewer-proposal" aria-hidden data-testid="read-layers" data-mode={p.mode} data-layers={n} data-disputed={disputedSlices.join(',')} />
      {n > 1 && (
        <div className="viewer-layers-bar">
          <span>{disputedSlices.length ? `Disagreement on ${disputedSlices.length} slice${disputedSlices.length === 1 ? '' : 's'}` : 'The readers’ masks agree'}</span>
          {p.mode === 'disagreement' && (
            <span className="row" style={{ gap: 4 }} aria-label="Legend">
              <span className="swatch" style={{ background: `rgb(${heat(1, n).join(',')})` }} />1
              {n > 2 && <><span className="swatch" style={{ background: `rgb(${heat(n - 1, n).join(',')})` }} />{n - 1}</>}
              <span>of {n} marked ·</span>
              <span className="swatch" style={{ background: 'rgb(34,197,94)' }} />all
            </span>
          )}
          {disputedSlices.length > 0 && <button className="btn btn-sm" title="Next slice where the readers differ (N)" onClick={next}>Next disagreement</button>}
        </div>
      )}
    </>
  );
}
