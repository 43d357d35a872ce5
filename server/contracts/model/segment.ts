import type { TAutoSegmentationModelConfig } from './config';
import { countOf, fillHoles, keepRegion, normalize, sampleRegion, type Slice, withinBounds } from './pipeline';
import type { Infer } from './propose';

export interface ClassMask {
  /** The config's class name. */
  name: string;
  /** 1 = proposed, row-major over the slice. */
  mask: Uint8Array;
  pixels: number;
}

/** The model input: the whole slice resampled to the input grid (aspect not kept), normalised, once per image channel. */
export function wholeSliceInput(config: Pick<TAutoSegmentationModelConfig, 'input'>, slice: Slice): Float32Array {
  const { width, height, channels, normalization } = config.input;
  const plane = sampleRegion(slice, { x0: 0, y0: 0, width: slice.width, height: slice.height }, width, height);
  normalize(plane, normalization);
  const out = new Float32Array(channels.length * plane.length);
  for (let c = 0; c < channels.length; c++) out.set(plane, c * plane.length);
  return out;
}

/**
 * Pre-annotation of one slice: the model's per-class probability maps, bilinearly resampled to
 * the slice (pixel centres aligned), each pixel given to its most probable class among those
 * at or above their threshold (so classes never overlap), then each class's mask
 * post-processed (largest region, holes filled, minimum size).
 */
export async function segment(config: TAutoSegmentationModelConfig, infer: Infer, slice: Slice): Promise<ClassMask[]> {
  const { width: cols, height: rows } = config.input;
  const out = await infer(wholeSliceInput(config, slice), 1);
  const classes = config.output.classes;
  const { width: w, height: h } = slice;
  const winner = new Int8Array(w * h).fill(-1);
  const best = new Float32Array(w * h);
  const plane = cols * rows;
  classes.forEach((c, k) => {
    const prob = out.subarray(k * plane, (k + 1) * plane);
    const at = (i: number, j: number) => prob[Math.min(rows - 1, Math.max(0, j)) * cols + Math.min(cols - 1, Math.max(0, i))]!;
    for (let y = 0; y < h; y++) {
      const v = ((y + 0.5) * rows) / h - 0.5;
      const vf = Math.floor(v), av = v - vf;
      for (let x = 0; x < w; x++) {
        const u = ((x + 0.5) * cols) / w - 0.5;
        const uf = Math.floor(u), au = u - uf;
        const p = (1 - av) * ((1 - au) * at(uf, vf) + au * at(uf + 1, vf)) + av * ((1 - au) * at(uf, vf + 1) + au * at(uf + 1, vf + 1));
        const i = y * w + x;
        if (p >= c.threshold && p > best[i]!) [best[i], winner[i]] = [p, k];
      }
    }
  });
  const { largestComponent, fillHoles: fill, minSizePx } = config.postprocess;
  return classes.map((c, k) => {
    let mask: Uint8Array = new Uint8Array(w * h);
    for (let i = 0; i < mask.length; i++) if (winner[i] === k) mask[i] = 1;
    mask = withinBounds(mask, w, h, (sub, sw, sh) => {
      const r = largestComponent ? keepRegion(sub, sw, sh) : sub;
      return fill ? fillHoles(r, sw, sh) : r;
    });
    const pixels = countOf(mask);
    return pixels < Math.max(1, minSizePx) ? { name: c.name, mask: new Uint8Array(w * h), pixels: 0 } : { name: c.name, mask, pixels };
  });
}
