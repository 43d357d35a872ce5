import type { Types } from '@cornerstonejs/core';
import { voiRange } from './core/presets';
import type { LoadedSeries } from './core/series';

type Shown = { viewport: Types.IStackViewport; series: LoadedSeries } | null;

/** What the toolbar and the keyboard do to the stack on screen: slices, window, orientation. */
export function viewportActions(shown: () => Shown, onInvert: (inverted: boolean) => void) {
  const render = (change: (v: Types.IStackViewport) => void) => {
    const v = shown()?.viewport;
    if (!v) return;
    change(v);
    v.render();
  };
  return {
    scroll: (delta: number) => {
      const l = shown();
      if (!l) return;
      const n = l.series.imageIds.length;
      void l.viewport.setImageIdIndex(Math.max(0, Math.min(n - 1, l.viewport.getCurrentImageIdIndex() + delta)));
    },
    goTo: (i: number) => void shown()?.viewport.setImageIdIndex(i),
    preset: (p: { width: number; center: number }) => render((v) => v.setProperties({ voiRange: voiRange(p) })),
    autoWindow: () => {
      const window = shown()?.series.window;
      render((v) => {
        v.resetProperties();
        if (window) v.setProperties({ voiRange: voiRange(window) });
      });
    },
    invert: () =>
      render((v) => {
        v.setProperties({ invert: !v.getProperties().invert });
        onInvert(Boolean(v.getProperties().invert));
      }),
    reset: () =>
      render((v) => {
        v.resetCamera();
        v.setViewPresentation({ rotation: 0, flipHorizontal: false, flipVertical: false });
      }),
    rotate: (deg: number) => render((v) => v.setViewPresentation({ rotation: ((v.getViewPresentation().rotation ?? 0) + deg + 360) % 360 })),
    flip: (axis: 'h' | 'v') =>
      render((v) => {
        const p = v.getViewPresentation();
        v.setViewPresentation(axis === 'h' ? { flipHorizontal: !p.flipHorizontal } : { flipVertical: !p.flipVertical });
      }),
  };
}
