import { useSyncExternalStore } from 'react';

/**
 * Whether this browser draws images with WebGL. Cornerstone knows once it has started (a browser
 * without WebGL gets CPU rendering); until then it is assumed. Kept apart from cornerstone's code
 * so pages can read it without loading the viewer.
 */
let webgl = true;
const listeners = new Set<() => void>();

/** Called by the viewer once cornerstone has started. */
export function reportWebGl(value: boolean) {
  if (value === webgl) return;
  webgl = value;
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Labelmaps (painting and showing segmentations) and MPR need WebGL; measurements and outlines do not. */
export function useWebGl(): boolean {
  return useSyncExternalStore(subscribe, () => webgl, () => true);
}
