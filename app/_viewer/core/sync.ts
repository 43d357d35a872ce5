import { Enums, getRenderingEngine } from '@cornerstonejs/core';
import { SynchronizerManager } from '@cornerstonejs/tools';

type ViewportRef = { renderingEngineId: string; viewportId: string };
const viewportOf = (ref: ViewportRef) => getRenderingEngine(ref.renderingEngineId)?.getViewport(ref.viewportId);

/**
 * Zoom and pan kept equal across a group of viewers. Cornerstone's own zoom/pan synchronizer
 * looks both viewports up in the target's rendering engine; each of our viewers has its own.
 */
export function joinZoomPan(group: string, ref: ViewportRef) {
  const name = `zoom-pan-${group}`;
  const sync =
    SynchronizerManager.getSynchronizer(name) ??
    SynchronizerManager.createSynchronizer(name, Enums.Events.CAMERA_MODIFIED, (_s, source: ViewportRef, target: ViewportRef) => {
      const [from, to] = [viewportOf(source), viewportOf(target)];
      if (!from || !to) return;
      to.setZoom(from.getZoom());
      to.setPan(from.getPan());
      to.render();
    });
  sync.add(ref);
  return () => {
    sync.remove(ref);
    if (!sync.getSourceViewports().length) SynchronizerManager.destroySynchronizer(name);
  };
}
