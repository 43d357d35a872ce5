import { segmentKey, type TStroke } from './schema';

/** Run-length encoding of a frame's pixels that are set: (start, length) pairs, ascending. */
export function encodeRuns(mask: ArrayLike<number>): number[] {
  const runs: number[] = [];
  let start = -1;
  for (let i = 0; i <= mask.length; i++) {
    const on = i < mask.length && mask[i] !== 0;
    if (on && start < 0) start = i;
    else if (!on && start >= 0) {
      runs.push(start, i - start);
      start = -1;
    }
  }
  return runs;
}

/** Calls `fn` for each pixel index a stroke covers, ignoring runs past the frame's end. */
function eachPixel(stroke: TStroke, fn: (i: number) => void) {
  const n = stroke.rows * stroke.columns;
  const r = stroke.runs;
  for (let k = 0; k + 1 < r.length; k += 2) {
    const end = Math.min(n, r[k]! + r[k + 1]!);
    for (let i = r[k]!; i < end; i++) fn(i);
  }
}

/** A frame's pixels covered by runs, as 0/1. */
export function decodeRuns(runs: number[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let k = 0; k + 1 < runs.length; k += 2) out.fill(1, Math.min(length, runs[k]!), Math.min(length, runs[k]! + runs[k + 1]!));
  return out;
}

export const frameKey = (s: { image: { sopUid: string; frame: number } }) => `${s.image.sopUid}/${s.image.frame}`;

/**
 * Replays strokes in log order into one labelmap per frame (label index = position of the label
 * id in `labelIds` + 1; 0 is background). A paint sets its pixels to its label; an erase clears
 * its pixels only where they hold its label, so erasing one segment never touches another.
 */
export function rasterize(strokes: TStroke[], labelIds: string[]): Map<string, { rows: number; columns: number; data: Uint8Array }> {
  const index = new Map(labelIds.map((id, i) => [id, i + 1]));
  const frames = new Map<string, { rows: number; columns: number; data: Uint8Array }>();
  for (const s of strokes) {
    const label = index.get(s.labelId);
    if (!label) continue;
    const key = frameKey(s);
    let f = frames.get(key);
    if (!f || f.rows !== s.rows || f.columns !== s.columns) {
      if (f) continue; // a stroke with other dimensions than the frame's first is ignored
      f = { rows: s.rows, columns: s.columns, data: new Uint8Array(s.rows * s.columns) };
      frames.set(key, f);
    }
    const data = f.data;
    if (s.op === 'paint') eachPixel(s, (i) => (data[i] = label));
    else eachPixel(s, (i) => data[i] === label && (data[i] = 0));
  }
  return frames;
}

/**
 * The segments a read holds: each (segmentation label, series) whose replayed strokes leave at
 * least one pixel. Only frames where a label was erased or several labels painted are replayed;
 * elsewhere a paint stroke with pixels is enough (this runs on every edit in the viewer).
 */
export function paintedSegments(strokes: TStroke[], labelIds: string[]): { labelId: string; seriesUid: string }[] {
  // The case page asks twice per edit (the read's problems, the findings panel) for the same strokes.
  const key = labelIds.join('|');
  const cached = lastPainted.get(strokes);
  if (cached?.key === key) return cached.segments;
  const segments = findPainted(strokes, labelIds);
  lastPainted.set(strokes, { key, segments });
  return segments;
}

const lastPainted = new WeakMap<TStroke[], { key: string; segments: { labelId: string; seriesUid: string }[] }>();

function findPainted(strokes: TStroke[], labelIds: string[]): { labelId: string; seriesUid: string }[] {
  const known = new Set(labelIds);
  const byFrame = new Map<string, TStroke[]>();
  for (const s of strokes) if (known.has(s.labelId)) (byFrame.get(frameKey(s)) ?? byFrame.set(frameKey(s), []).get(frameKey(s))!).push(s);
  const found = new Map<string, { labelId: string; seriesUid: string }>();
  const add = (labelId: string, seriesUid: string) => found.set(segmentKey({ labelId, seriesUid }), { labelId, seriesUid });
  for (const list of byFrame.values()) {
    const seriesUid = list[0]!.image.seriesUid;
    if (list.every((s) => s.op === 'paint' && s.labelId === list[0]!.labelId)) {
      if (list.some((s) => s.runs.length >= 2 && s.runs.some((v, i) => i % 2 === 1 && v > 0))) add(list[0]!.labelId, seriesUid);
      continue;
    }
    const [frame] = rasterize(list, labelIds).values();
    const present = new Set(frame?.data ?? []);
    labelIds.forEach((id, i) => present.has(i + 1) && add(id, seriesUid));
  }
  return [...found.values()].sort((a, b) => segmentKey(a).localeCompare(segmentKey(b)));
}
