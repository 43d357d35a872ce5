import { imageLoader } from '@cornerstonejs/core';

/**
 * Loads every image of a stack into the cache, nearest to the shown slice first, a few at a
 * time, reporting progress; the viewport shows slices as they arrive.
 */
export async function loadAll(imageIds: string[], start: number, onProgress: (loaded: number) => void, signal: { cancelled: boolean }, parallel = 6) {
  const order = imageIds.map((id, i) => ({ id, d: Math.abs(i - start) })).sort((a, b) => a.d - b.d).map((x) => x.id);
  let next = 0;
  let loaded = 0;
  const failures: string[] = [];
  async function worker() {
    while (next < order.length && !signal.cancelled) {
      const id = order[next++]!;
      try {
        await imageLoader.loadAndCacheImage(id);
      } catch {
        failures.push(id);
      }
      onProgress(++loaded);
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  return failures;
}
