import type { Types } from '@cornerstonejs/core';
import { voiRange } from './core/presets';
import type { LoadedSeries } from './core/series';

type Shown = { viewport: Types.IStackViewport; series: LoadedSeries } | null;

function goTo(shown: () => Shown, index: (l: NonNullable<Shown>) => number) {
  const l = shown();
  if (l) void l.viewport.setImageIdIndex(Math.max(0, Math.min(l.series.imageIds.length - 1, index(l))));
}

/** What the toolbar and the keyboard do to the stack on screen: slices, window, orientation. */
export function viewportActions(shown: () => Shown, onInvert: (inverted: boolean) => void) {
  const render = (change: (v: Types.IStackViewport) => void) => {
    const v = shown()?.viewport;
    if (!v) return;
    change(v);
    v.render();
  };
  return {
    scroll: (delta: number) => goTo(shown, (l) => l.viewport.getCurrentImageIdIndex() + delta),
    /** An index past either end goes to that end (End asks for the last image this way). */
    goTo: (i: number) => goTo(shown, () => i),
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
