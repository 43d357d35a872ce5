import { getConfiguration, getEnabledElement, init as initCore, setConfiguration } from '@cornerstonejs/core';
import { init as initLoader } from '@cornerstonejs/dicom-image-loader';
import { annotation, init as initTools } from '@cornerstonejs/tools';

let ready: Promise<void> | null = null;

/**
 * Viewports whose annotations are shared with another's (viewport id → that viewport's id): the
 * MPR views share the stack's, so a finding drawn in either shows in the other where its plane is
 * on screen, and the crosshairs each draw the lines of the other views' planes.
 */
export const sharedAnnotationGroups = new Map<string, string>();

/** A viewport and those sharing its annotations (to redraw them all when its document changes). */
export const viewportsSharing = (viewportId: string) => [viewportId, ...[...sharedAnnotationGroups].filter(([, group]) => group === viewportId).map(([id]) => id)];

/** The part of cornerstone's annotation manager we use (its type is not exported). */
interface AnnotationManager {
  getGroupKey(selector: HTMLDivElement | string): string;
  getAnnotations(groupKey: string): Record<string, unknown[]> | unknown[];
}
export const annotationManager = () => annotation.state.getAnnotationManager() as AnnotationManager;

/**
 * Initialises cornerstone (core, tools, the DICOM image loader with its decode workers) once per
 * page; React StrictMode's double effects and several viewers share the same promise.
 */
export function initCornerstone(): Promise<void> {
  ready ??= (async () => {
    // One WebGL context per rendering engine (the default pool is 7): every viewer has its own engine
    // with one viewport, and a page with several viewers (side by side) would pass the browser's
    // limit of live contexts, which silently stops the oldest viewers from redrawing.
    initCore();
    const config = getConfiguration();
    setConfiguration({ ...config, rendering: { ...config.rendering, webGlContextCount: 1 } });
    // At least two decode workers, even on two cores: with one, a 500-slice CT loaded about 15% slower
    // (measured headless on two cores; the main thread waits on the worker between images).
    initLoader({ maxWebWorkers: Math.min(4, Math.max(2, (navigator.hardwareConcurrency || 2) - 1)) });
    initTools();
    // Annotations belong to a viewport, not to the images' frame of reference: viewers of the same
    // images side by side (the consensus and each read) each draw and edit only their own document's.
    const manager = annotationManager();
    const byFrame = manager.getGroupKey.bind(manager);
    manager.getGroupKey = (selector: HTMLDivElement | string) => {
      if (typeof selector === 'string') return selector;
      const viewportId = getEnabledElement(selector)?.viewportId ?? '';
      return `${byFrame(selector)}#${sharedAnnotationGroups.get(viewportId) ?? viewportId}`;
    };
  })();
  return ready;
}
