/**
 * The viewer's order of a series' images, shared by the viewer (which stacks them) and the case
 * page (which asks the browser for the image the viewer opens on before the viewer has loaded).
 */

import { dot, sliceNormal } from './vec3';

/** Where a slice lies along its normal (Image Position · row × column); its instance number without geometry. */
export function slicePosition(position: number[], orientation: number[], instanceNumber: number | null): number {
  return position.length === 3 ? dot(position, orientation.length === 6 ? sliceNormal(orientation) : [0, 0, 1]) : (instanceNumber ?? 0);
}

/** Sorts instances along the slice normal (foot to head for axial), then by instance number. */
export function inSliceOrder<T>(instances: T[], geometry: (t: T) => { position: number[]; orientation: number[]; instanceNumber: number | null }): T[] {
  const keyed = instances.map((t) => {
    const g = geometry(t);
    return { t, at: slicePosition(g.position, g.orientation, g.instanceNumber), n: g.instanceNumber ?? 0 };
  });
  keyed.sort((a, b) => a.at - b.at || a.n - b.n);
  return keyed.map((k) => k.t);
}

/** The image a viewer opens a series on: the middle one of all frames in slice order. */
export function middleFrame(ordered: { sopUid: string; frames: number }[]): { sopUid: string; frame: number } | null {
  let left = Math.floor(ordered.reduce((n, i) => n + i.frames, 0) / 2);
  for (const i of ordered) {
    if (left < i.frames) return { sopUid: i.sopUid, frame: left + 1 };
    left -= i.frames;
  }
  return null;
}
