import type { TSegmentationModelConfig } from './config';
import {
  type Box,
  bounds,
  boxCrop,
  boxMap,
  clickCrop,
  clickMap,
  countOf,
  type Crop,
  dice,
  fillHoles,
  keepRegion,
  normalize,
  pasteMask,
  sampleCrop,
  type Slice,
  withinBounds,
} from './pipeline';

/** Runs the model on `n` stacked inputs and returns `n` stacked outputs (an ONNX session in a worker or in Node). */
export type Infer = (input: Float32Array, n: number) => Promise<Float32Array>;

export type Prompt = { kind: 'click'; x: number; y: number } | { kind: 'box'; box: Box };

export interface Proposal {
  /** 1 = proposed, row-major over the slice. */
  mask: Uint8Array;
  pixels: number;
  /** The crop side the model answered at (image pixels). */
  side: number;
}

/** The model input for one crop: one plane per configured channel (image, click map, box map). */
export function modelInput(config: TSegmentationModelConfig, slice: Slice, crop: Crop, prompt: Prompt, out: Float32Array = new Float32Array(config.input.channels.length * config.input.width * config.input.height)): Float32Array {
  const { width: size, channels, normalization } = config.input;
  const plane = size * size;
  channels.forEach((channel, c) => {
    const view = out.subarray(c * plane, (c + 1) * plane);
    if (channel === 'image') {
      sampleCrop(slice, crop, size, view);
      normalize(view, normalization);
    } else if (channel === 'click' && prompt.kind === 'click') clickMap(prompt.x, prompt.y, crop, size, config.prompt.clickSigma, view);
    else if (channel === 'box' && prompt.kind === 'box') boxMap(prompt.box, crop, size, view);
    else view.fill(0);
  });
  return out;
}

async function run(config: TSegmentationModelConfig, infer: Infer, slice: Slice, crops: Crop[], prompt: Prompt): Promise<Float32Array[]> {
  const size = config.input.width;
  const per = config.input.channels.length * size * size;
  const input = new Float32Array(per * crops.length);
  crops.forEach((crop, i) => modelInput(config, slice, crop, prompt, input.subarray(i * per, (i + 1) * per)));
  const out = await infer(input, crops.length);
  return crops.map((_, i) => out.subarray(i * size * size, (i + 1) * size * size));
}

/**
 * How much of a result presses against the crop's edge inside the slice: a structure cut by
 * the crop means the crop was too small.
 */
function edgeContact(prob: Float32Array, size: number, crop: Crop, slice: Slice, threshold: number): number {
  let touching = 0, edge = 0;
  const step = crop.side / size;
  const inside = (i: number, j: number) => {
    const x = crop.x0 + (i + 0.5) * step, y = crop.y0 + (j + 0.5) * step;
    return x >= 0 && y >= 0 && x < slice.width && y < slice.height;
  };
  for (let k = 0; k < size; k++)
    for (const [i, j] of [[k, 0], [k, size - 1], [0, k], [size - 1, k]] as const) {
      if (!inside(i, j)) continue;
      edge++;
      if (prob[j * size + i]! >= threshold) touching++;
    }
  return edge ? touching / edge : 0;
}

/** The larger side of the above-threshold pixels' bounding box, as a fraction of the crop. */
function extent(prob: Float32Array, size: number, threshold: number): number {
  let [x0, y0, x1, y1] = [size, size, -1, -1];
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++)
      if (prob[j * size + i]! >= threshold) [x0, y0, x1, y1] = [Math.min(x0, i), Math.min(y0, j), Math.max(x1, i), Math.max(y1, j)];
  return x1 < 0 ? 0 : Math.max(x1 - x0 + 1, y1 - y0 + 1) / size;
}

function finish(config: TSegmentationModelConfig, mask: Uint8Array, slice: Slice, at?: { x: number; y: number }): Uint8Array {
  const { largestComponent, fillHoles: fill, minSizePx } = config.postprocess;
  const m = withinBounds(mask, slice.width, slice.height, (sub, sw, sh, ox, oy) => {
    let r = largestComponent ? keepRegion(sub, sw, sh, at && { x: at.x - ox, y: at.y - oy }) : sub;
    if (fill) r = fillHoles(r, sw, sh);
    return r;
  });
  return countOf(m) < minSizePx ? new Uint8Array(m.length) : m;
}

/**
 * A mask proposal for the structure under a click or inside a box.
 *
 * Box: one pass on the box grown by the config's margin. Click: one batched pass at every
 * configured scale; the smallest scale whose region under the click stays off the crop's edge
 * wins (a structure larger than the crop runs into its edge); with `refine`, a second pass
 * treats the winner's bounding box as a box prompt and keeps that answer when it still covers
 * the click.
 */
export async function propose(config: TSegmentationModelConfig, infer: Infer, slice: Slice, prompt: Prompt): Promise<Proposal> {
  const size = config.input.width;
  const threshold = config.output.threshold;
  const { width: w, height: h } = slice;
  if (prompt.kind === 'box') {
    const crop = boxCrop(prompt.box, config.prompt.boxMargin);
    const [prob] = await run(config, infer, slice, [crop], prompt);
    const mask = finish(config, pasteMask(prob!, size, crop, slice, threshold), slice);
    return { mask, pixels: countOf(mask), side: crop.side };
  }
  const at = { x: Math.round(prompt.x), y: Math.round(prompt.y) };
  const crops = config.prompt.clickScales.map((f) => clickCrop(at.x, at.y, f * Math.max(w, h)));
  const probs = await run(config, infer, slice, crops, prompt);
  // The model-grid cell of the click in a crop.
  const cell = (crop: Crop) => ({ x: Math.min(size - 1, Math.floor(((at.x + 0.5 - crop.x0) * size) / crop.side)), y: Math.min(size - 1, Math.floor(((at.y + 0.5 - crop.y0) * size) / crop.side)) });
  // Trained on crops 0.7–3 times the structure's extent. A crop that sees the whole structure
  // gives a region that stays about the same size in the next larger crop; inside a large
  // uniform organ the region keeps growing with the crop. Take the smallest crop whose region
  // under the click is clear of the edge, spans ≥ 30 % of it, and grows less than 1.5× in the
  // next crop (the largest crop has no next one).
  // Region size in image pixels, measured on the model's grid (the region under the click).
  const area = (i: number) => {
    const [crop, c] = [crops[i]!, cell(crops[i]!)];
    if (probs[i]![c.y * size + c.x]! < threshold) return 0;
    const grid = Uint8Array.from(probs[i]!, (p) => (p >= threshold ? 1 : 0));
    return countOf(keepRegion(grid, size, size, c)) * (crop.side / size) ** 2;
  };
  const areas = crops.map((_, i) => area(i));
  const fits = (i: number) => areas[i]! > 0 && edgeContact(probs[i]!, size, crops[i]!, slice, threshold) < 0.02 && extent(probs[i]!, size, threshold) >= 0.3;
  let pick = -1;
  for (let i = 0; i < crops.length && pick < 0; i++) if (fits(i) && (i === crops.length - 1 || areas[i + 1]! <= 1.5 * areas[i]!)) pick = i;
  for (let i = 0; i < crops.length && pick < 0; i++) if (fits(i)) pick = i;
  for (let i = crops.length - 1; i >= 0 && pick < 0; i--) if (areas[i]) pick = i;
  if (pick < 0) return { mask: new Uint8Array(w * h), pixels: 0, side: crops.at(-1)!.side };
  let crop = crops[pick]!;
  let mask = finish(config, pasteMask(probs[pick]!, size, crop, slice, threshold), slice, at);
  const box = config.prompt.refine && config.prompt.kinds.includes('box') ? bounds(mask, w) : null;
  if (box) {
    const refinedCrop = boxCrop(box, config.prompt.boxMargin);
    const [prob] = await run(config, infer, slice, [refinedCrop], { kind: 'box', box });
    const refined = finish(config, pasteMask(prob!, size, refinedCrop, slice, threshold), slice, at);
    if (refined[at.y * w + at.x]) [mask, crop] = [refined, refinedCrop];
  }
  return { mask, pixels: countOf(mask), side: crop.side };
}

/**
 * Carries an accepted mask to the neighbouring slices: each neighbour gets a box prompt around
 * the previous slice's mask, and propagation in a direction stops at the first slice whose
 * proposal is empty, overlaps the previous one by less than `minDice`, or whose edge contrast
 * (mean inside − mean of a 3-pixel ring outside) has fallen below half the seed's — a box
 * prompt always gets an answer, so the image must still show the structure's border.
 * `sliceAt` returns null past the stack's ends.
 */
export async function propagate(
  config: TSegmentationModelConfig,
  infer: Infer,
  sliceAt: (index: number) => Slice | null,
  seed: { index: number; mask: Uint8Array; width: number },
  opts: { minDice?: number; maxSlices?: number } = {},
): Promise<{ index: number; mask: Uint8Array; pixels: number }[]> {
  const minDice = opts.minDice ?? 0.5;
  const out: { index: number; mask: Uint8Array; pixels: number }[] = [];
  const first = sliceAt(seed.index);
  const seedContrast = first ? Math.abs(edgeContrast(first, seed.mask)) : 0;
  for (const step of [-1, 1]) {
    let prev = seed.mask;
    for (let i = seed.index + step, n = 0; n < (opts.maxSlices ?? 200); i += step, n++) {
      const slice = sliceAt(i);
      const box = slice && slice.width === seed.width && slice.data.length === prev.length ? bounds(prev, seed.width) : null;
      if (!slice || !box) break;
      const p = await propose(config, infer, slice, { kind: 'box', box });
      if (!p.pixels || dice(p.mask, prev) < minDice || Math.abs(edgeContrast(slice, p.mask)) < seedContrast / 2) break;
      out.push({ index: i, mask: p.mask, pixels: p.pixels });
      prev = p.mask;
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Mean value inside the mask minus the mean of the ring of pixels up to 3 pixels outside it. */
export function edgeContrast(slice: Slice, mask: Uint8Array): number {
  const { width: w, height: h, data } = slice;
  const b = bounds(mask, w);
  if (!b) return 0;
  let [inSum, inN, outSum, outN] = [0, 0, 0, 0];
  for (let y = Math.max(0, b.y0 - 3); y <= Math.min(h - 1, b.y1 + 3); y++)
    for (let x = Math.max(0, b.x0 - 3); x <= Math.min(w - 1, b.x1 + 3); x++) {
      const v = data[y * w + x]!;
      if (mask[y * w + x]) [inSum, inN] = [inSum + v, inN + 1];
      else {
        let near = false;
        for (let dy = -3; dy <= 3 && !near; dy++)
          for (let dx = -3; dx <= 3 && !near; dx++) {
            const [xx, yy] = [x + dx, y + dy];
            near = xx >= 0 && yy >= 0 && xx < w && yy < h && mask[yy * w + xx] === 1;
          }
        if (near) [outSum, outN] = [outSum + v, outN + 1];
      }
    }
  return inN && outN ? inSum / inN - outSum / outN : 0;
}
