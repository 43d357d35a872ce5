import type { TDetectionModelConfig } from './config';
import type { Box, Slice } from './pipeline';
import type { Infer } from './propose';
import { wholeSliceInput } from './segment';

export interface Detection {
  /** The config's class name. */
  name: string;
  /** Image pixel bounds, inclusive. */
  box: Box;
  score: number;
}

const area = (b: Box) => (b.x1 - b.x0 + 1) * (b.y1 - b.y0 + 1);

/** Intersection over union of two pixel boxes (bounds inclusive). */
export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) + 1;
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1;
  const inter = w > 0 && h > 0 ? w * h : 0;
  return inter / (area(a) + area(b) - inter);
}

/**
 * Boxes on one slice: the model's candidates (fractions of the input, so of the slice) scaled
 * to the slice's pixels, those under their class's threshold or of an unknown class dropped,
 * then per class greedy non-maximum suppression (a box overlapping a higher-scored one by more
 * than `nmsIou` goes), the highest `maxBoxes` kept, highest score first.
 */
export async function detect(config: TDetectionModelConfig, infer: Infer, slice: Slice): Promise<Detection[]> {
  // The input is built as for automatic segmentation: the whole slice on the input grid.
  const out = await infer(wholeSliceInput(config, slice), 1);
  const { classes, nmsIou, maxBoxes } = config.output;
  const { width: w, height: h } = slice;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v)));
  const candidates: Detection[] = [];
  for (let i = 0; i + 6 <= out.length; i += 6) {
    const [x0, y0, x1, y1, score, k] = [out[i]!, out[i + 1]!, out[i + 2]!, out[i + 3]!, out[i + 4]!, out[i + 5]!];
    const cls = Number.isInteger(k) ? classes[k] : undefined;
    if (!cls || !(score >= cls.threshold) || ![x0, y0, x1, y1].every(Number.isFinite)) continue;
    const box = { x0: clamp(Math.min(x0, x1) * w, w - 1), y0: clamp(Math.min(y0, y1) * h, h - 1), x1: clamp(Math.max(x0, x1) * w - 1, w - 1), y1: clamp(Math.max(y0, y1) * h - 1, h - 1) };
    if (box.x1 < box.x0 || box.y1 < box.y0) continue;
    candidates.push({ name: cls.name, box, score });
  }
  candidates.sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const c of candidates) {
    if (kept.length >= maxBoxes) break;
    if (!kept.some((k) => k.name === c.name && iou(k.box, c.box) > nmsIou)) kept.push(c);
  }
  return kept;
}
