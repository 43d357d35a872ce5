'use client';

import { Enums as CoreEnums, utilities, type Types } from '@cornerstonejs/core';
import { useEffect, useReducer, type RefObject } from 'react';
import { canvasToImage } from '../model/display';
import type { LiveStack } from '../model/model-layer';

/** Someone else's pointer on an image of this series, in image pixels. */
export interface Cursor {
  id: number;
  name: string;
  color: string;
  index: number;
  x: number;
  y: number;
}

interface Props {
  element: RefObject<HTMLDivElement | null>;
  stack: () => LiveStack | null;
  index: number;
  cursors: Cursor[];
  /** This user's pointer moved (image pixels of the image on screen), or left the image. */
  onPointer?: (p: { x: number; y: number } | null) => void;
}

/** Others' pointers on the image on screen (following the camera), and this user's pointer reported for theirs. */
export function Cursors(p: Props) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const el = p.element.current;
    if (!el) return;
    let last = 0;
    const move = (e: PointerEvent) => {
      const s = p.stack();
      const imageId = s?.viewport.getCurrentImageId();
      if (!s || !imageId || e.timeStamp - last < 50) return;
      last = e.timeStamp;
      const r = el.getBoundingClientRect();
      const [x, y] = canvasToImage(s.viewport, imageId, e.clientX - r.left, e.clientY - r.top);
      p.onPointer?.({ x, y });
    };
    const leave = () => p.onPointer?.(null);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerleave', leave);
    el.addEventListener(CoreEnums.Events.CAMERA_MODIFIED, redraw);
    return () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerleave', leave);
      el.removeEventListener(CoreEnums.Events.CAMERA_MODIFIED, redraw);
    };
  }, [p.element, p.stack, p.onPointer]);

  const s = p.stack();
  const imageId = s?.viewport.getCurrentImageId();
  if (!s || !imageId) return null;
  return (
    <>
      {p.cursors
        .filter((c) => c.index === p.index)
        .map((c) => {
          const [x, y] = s.viewport.worldToCanvas(utilities.imageToWorldCoords(imageId, [c.x, c.y]) as Types.Point3);
          return (
            <div key={c.id} className="viewer-cursor" style={{ left: x, top: y, borderColor: c.color }} data-testid="cursor">
              <span style={{ background: c.color }}>{c.name}</span>
            </div>
          );
        })}
    </>
  );
}
