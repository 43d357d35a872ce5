import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { TSegmentationModelConfig } from '../contracts/model/config';
import { bounds, deepestPoint, dice } from '../contracts/model/pipeline';
import { type Infer, type Prompt, propose } from '../contracts/model/propose';
import { readSlice } from '../imaging/display-slice';
import { baselineBox, baselineClick } from './baseline';

export interface EvalRow {
  mask: string;
  image: string;
  /** Structure size in pixels. */
  pixels: number;
  model: number;
  baseline: number;
  /** Model time for this prompt, pre- and post-processing included. */
  ms: number;
}

export interface EvalPair {
  mask: string;
  image: string;
}

const IMAGE = /\.(png|dcm|dicom)$/i;

/**
 * Masks matched to images by name: a mask belongs to the image whose name (without extension)
 * is the mask's name or its longest prefix followed by "_" (000_HC.png ← 000_HC_head.png).
 */
export function pairFiles(imagesDir: string, masksDir: string): { pairs: EvalPair[]; unmatched: string[] } {
  const images = readdirSync(imagesDir).filter((f) => IMAGE.test(f) || !f.includes('.'));
  const stems = new Map(images.map((f) => [f.replace(/\.[^.]+$/, ''), f]));
  const pairs: EvalPair[] = [];
  const unmatched: string[] = [];
  for (const m of readdirSync(masksDir).filter((f) => f.toLowerCase().endsWith('.png')).sort()) {
    const stem = m.slice(0, -4);
    let best: string | undefined = stems.get(stem) ? stem : undefined;
    for (const s of stems.keys()) if (stem.startsWith(`${s}_`) && (!best || s.length > best.length)) best = s;
    if (best) pairs.push({ mask: path.join(masksDir, m), image: path.join(imagesDir, stems.get(best)!) });
    else unmatched.push(m);
  }
  return { pairs, unmatched };
}

/** The prompt a reader would give: a click at the deepest interior point, or the bounding box. */
export function simulatedPrompt(mask: Uint8Array, width: number, height: number, kind: 'click' | 'box'): Prompt | null {
  if (kind === 'box') {
    const box = bounds(mask, width);
    return box && { kind: 'box', box };
  }
  const at = deepestPoint(mask, width, height);
  return at && { kind: 'click', ...at };
}

export async function evaluatePairs(config: TSegmentationModelConfig, infer: Infer, pairs: EvalPair[], kind: 'click' | 'box'): Promise<EvalRow[]> {
  const rows: EvalRow[] = [];
  for (const pair of pairs) {
    const slice = readSlice(pair.image);
    const truthSlice = readSlice(pair.mask);
    if (truthSlice.width !== slice.width || truthSlice.height !== slice.height)
      throw new RangeError(`${path.basename(pair.mask)} is ${truthSlice.width}×${truthSlice.height} but its image ${path.basename(pair.image)} is ${slice.width}×${slice.height}`);
    const truth = truthSlice.data.map((v) => (v ? 1 : 0));
    const prompt = simulatedPrompt(truth, slice.width, slice.height, kind);
    if (!prompt) throw new RangeError(`${path.basename(pair.mask)} marks no pixel`);
    const t0 = performance.now();
    const proposal = await propose(config, infer, slice, prompt);
    const ms = performance.now() - t0;
    const classical = prompt.kind === 'click' ? baselineClick(slice, prompt.x, prompt.y) : baselineBox(slice, prompt.box);
    rows.push({
      mask: path.basename(pair.mask),
      image: path.basename(pair.image),
      pixels: truth.reduce((s, v) => s + v, 0),
      model: dice(proposal.mask, truth),
      baseline: dice(classical, truth),
      ms,
    });
  }
  return rows;
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
}
