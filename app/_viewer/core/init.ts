import { init as initCore } from '@cornerstonejs/core';
import { init as initLoader } from '@cornerstonejs/dicom-image-loader';
import { init as initTools } from '@cornerstonejs/tools';

let ready: Promise<void> | null = null;

/**
 * Initialises cornerstone (core, tools, the DICOM image loader with its decode workers) once per
 * page; React StrictMode's double effects and several viewers share the same promise.
 */
export function initCornerstone(): Promise<void> {
  ready ??= (async () => {
    initCore();
    initLoader({ maxWebWorkers: Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)) });
    initTools();
  })();
  return ready;
}
