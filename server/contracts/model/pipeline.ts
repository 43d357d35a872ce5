import type { TNormalization } from './config';

/**
 * Pre- and post-processing shared by the browser runner and `concord model eval`, so both
 * compute the same proposal. The sampling formulas match ml/click-seg/common.py, which the
 * shipped model was trained with.
 */

/** A slice as displayed: one value per pixel, row-major (0–255 for display values). */
export interface Slice {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** A square crop in image pixel coordinates: pixel i covers [i, i + 1). */
export interface Crop {
  x0: number;
  y0: number;
  side: number;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Bilinear samples of the crop on a size × size grid; outside the slice reads as 0. */
export function sampleCrop(slice: Slice, crop: Crop, size: number, out: Float32Array = new Float32Array(size * size)): Float32Array {
  return sampleRegion(slice, { x0: crop.x0, y0: crop.y0, width: crop.side, height: crop.side }, size, size, out);
}

/** Bilinear samples of a rectangle of the slice on a cols × rows grid (pixel centres at +0.5). */
export function sampleRegion(slice: Slice, r: { x0: number; y0: number; width: number; height: number }, cols: number, rows: number, out: Float32Array = new Float32Array(cols * rows)): Float32Array {
  const { width: w, height: h, data } = slice;
  const at = (x: number, y: number) => (x >= 0 && x < w && y >= 0 && y < h ? data[y * w + x]! : 0);
  const [sx, sy] = [r.width / cols, r.height / rows];
  for (let j = 0; j < rows; j++) {
    const gy = r.y0 + (j + 0.5) * sy - 0.5;
    const yf = Math.floor(gy);
    const ay = gy - yf;
    for (let i = 0; i < cols; i++) {
      const gx = r.x0 + (i + 0.5) * sx - 0.5;
      const xf = Math.floor(gx);
      const ax = gx - xf;
      out[j * cols + i] =
        (1 - ay) * ((1 - ax) * at(xf, yf) + ax * at(xf + 1, yf)) + ay * ((1 - ax) * at(xf, yf + 1) + ax * at(xf + 1, yf + 1));
    }
  }
  return out;
}

export function normalize(values: Float32Array, n: TNormalization): void {
  if (n.kind === 'zscore') {
    let sum = 0;
    for (const v of values) sum += v;
    const mean = sum / values.length;
    let sq = 0;
    for (const v of values) sq += (v - mean) ** 2;
    const sd = Math.max(Math.sqrt(sq / values.length), 1);
    for (let i = 0; i < values.length; i++) values[i] = (values[i]! - mean) / sd;
  } else if (n.kind === 'unit') {
    for (let i = 0; i < values.length; i++) values[i] = values[i]! / 255;
  } else if (n.kind === 'window') {
    const lo = n.center - n.width / 2;
    for (let i = 0; i < values.length; i++) values[i] = Math.min(1, Math.max(0, (values[i]! - lo) / n.width));
  } else {
    const sorted = Float32Array.from(values).sort();
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))))]!;
    const lo = q(n.low);
    const span = Math.max(q(n.high) - lo, 1e-6);
    for (let i = 0; i < values.length; i++) values[i] = Math.min(1, Math.max(0, (values[i]! - lo) / span));
  }
}

/** Gaussian heat-map at an image pixel, in model pixels. */
export function clickMap(x: number, y: number, crop: Crop, size: number, sigma: number, out: Float32Array = new Float32Array(size * size)): Float32Array {
  const px = ((x + 0.5 - crop.x0) * size) / crop.side - 0.5;
  const py = ((y + 0.5 - crop.y0) * size) / crop.side - 0.5;
  const k = 1 / (2 * sigma * sigma);
  for (let j = 0; j < size; j++) for (let i = 0; i < size; i++) out[j * size + i] = Math.exp(-((i - px) ** 2 + (j - py) ** 2) * k);
  return out;
}

/** 1 where a model pixel's centre lies in the box (inclusive pixel bounds), else 0. */
export function boxMap(box: Box, crop: Crop, size: number, out: Float32Array = new Float32Array(size * size)): Float32Array {
  const step = crop.side / size;
  for (let j = 0; j < size; j++) {
    const y = crop.y0 + (j + 0.5) * step;
    const iny = y >= box.y0 && y <= box.y1 + 1;
    for (let i = 0; i < size; i++) {
      const x = crop.x0 + (i + 0.5) * step;
      out[j * size + i] = iny && x >= box.x0 && x <= box.x1 + 1 ? 1 : 0;
    }
  }
  return out;
}

/** The crop centred on a box, `margin` times its larger side. */
export function boxCrop(box: Box, margin: number, minSide = 24): Crop {
  const side = Math.max(minSide, margin * Math.max(box.x1 - box.x0 + 1, box.y1 - box.y0 + 1));
  return { x0: (box.x0 + box.x1 + 1) / 2 - side / 2, y0: (box.y0 + box.y1 + 1) / 2 - side / 2, side };
}

/** The crop centred on a pixel. */
export function clickCrop(x: number, y: number, side: number): Crop {
  return { x0: x + 0.5 - side / 2, y0: y + 0.5 - side / 2, side: Math.max(side, 24) };
}

/**
 * The model's probability map back on the slice: pixels of the crop whose bilinear probability
 * reaches the threshold. Pixels outside the crop stay 0.
 */
export function pasteMask(prob: Float32Array, size: number, crop: Crop, slice: { width: number; height: number }, threshold: number): Uint8Array {
  const { width: w, height: h } = slice;
  const mask = new Uint8Array(w * h);
  const xa = Math.max(0, Math.floor(crop.x0)), xb = Math.min(w - 1, Math.ceil(crop.x0 + crop.side));
  const ya = Math.max(0, Math.floor(crop.y0)), yb = Math.min(h - 1, Math.ceil(crop.y0 + crop.side));
  const at = (i: number, j: number) => prob[Math.min(size - 1, Math.max(0, j)) * size + Math.min(size - 1, Math.max(0, i))]!;
  for (let y = ya; y <= yb; y++) {
    const v = ((y + 0.5 - crop.y0) * size) / crop.side - 0.5;
    if (v < -0.5 || v > size - 0.5) continue;
    const vf = Math.floor(v), av = v - vf;
    for (let x = xa; x <= xb; x++) {
      const u = ((x + 0.5 - crop.x0) * size) / crop.side - 0.5;
      if (u < -0.5 || u > size - 0.5) continue;
      const uf = Math.floor(u), au = u - uf;
      const p = (1 - av) * ((1 - au) * at(uf, vf) + au * at(uf + 1, vf)) + av * ((1 - au) * at(uf, vf + 1) + au * at(uf + 1, vf + 1));
      if (p >= threshold) mask[y * w + x] = 1;
    }
  }
  return mask;
}

/** Labels 4-connected regions of a binary mask; returns labels (0 = background) and region sizes (index = label). */
export function components(mask: Uint8Array, w: number, h: number): { labels: Int32Array; sizes: number[] } {
  const labels = new Int32Array(w * h);
  const sizes = [0];
  const stack = new Int32Array(w * h);
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || labels[s]) continue;
    const id = sizes.length;
    let n = 0;
    let top = 0;
    labels[s] = id;
    stack[top++] = s;
    while (top) {
      const p = stack[--top]!;
      n++;
      const x = p % w;
      // Left, right, up, down; each pushed once (labelled when pushed).
      if (x > 0 && mask[p - 1] && !labels[p - 1]) {
        labels[p - 1] = id;
        stack[top++] = p - 1;
      }
      if (x < w - 1 && mask[p + 1] && !labels[p + 1]) {
        labels[p + 1] = id;
        stack[top++] = p + 1;
      }
      if (p >= w && mask[p - w] && !labels[p - w]) {
        labels[p - w] = id;
        stack[top++] = p - w;
      }
      if (p + w < w * h && mask[p + w] && !labels[p + w]) {
        labels[p + w] = id;
        stack[top++] = p + w;
      }
    }
    sizes.push(n);
  }
  return { labels, sizes };
}

/** Runs `fn` on the part of the mask around its set pixels (plus a 1-pixel margin) and writes the result back: post-processing costs the structure's size, not the slice's. */
export function withinBounds(mask: Uint8Array, w: number, h: number, fn: (sub: Uint8Array, sw: number, sh: number, ox: number, oy: number) => Uint8Array): Uint8Array {
  const b = bounds(mask, w);
  if (!b) return mask;
  const [x0, y0] = [Math.max(0, b.x0 - 1), Math.max(0, b.y0 - 1)];
  const [x1, y1] = [Math.min(w - 1, b.x1 + 1), Math.min(h - 1, b.y1 + 1)];
  const [sw, sh] = [x1 - x0 + 1, y1 - y0 + 1];
  const sub = new Uint8Array(sw * sh);
  for (let y = 0; y < sh; y++) sub.set(mask.subarray((y0 + y) * w + x0, (y0 + y) * w + x0 + sw), y * sw);
  const done = fn(sub, sw, sh, x0, y0);
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < sh; y++) out.set(done.subarray(y * sw, (y + 1) * sw), (y0 + y) * w + x0);
  return out;
}

/** Only the region holding the pixel (or, when the pixel is background, the largest region). */
export function keepRegion(mask: Uint8Array, w: number, h: number, at?: { x: number; y: number }): Uint8Array {
  const { labels, sizes } = components(mask, w, h);
  let id = at && at.x >= 0 && at.y >= 0 && at.x < w && at.y < h ? labels[at.y * w + at.x]! : 0;
  if (!id) for (let i = 1; i < sizes.length; i++) if (!id || sizes[i]! > sizes[id]!) id = i;
  const out = new Uint8Array(mask.length);
  if (id) for (let i = 0; i < mask.length; i++) if (labels[i] === id) out[i] = 1;
  return out;
}

/** Fills background regions that do not reach the slice's edge. */
export function fillHoles(mask: Uint8Array, w: number, h: number): Uint8Array {
  const inverse = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) inverse[i] = mask[i] ? 0 : 1;
  const { labels } = components(inverse, w, h);
  const outside = new Set<number>();
  for (let x = 0; x < w; x++) outside.add(labels[x]!).add(labels[(h - 1) * w + x]!);
  for (let y = 0; y < h; y++) outside.add(labels[y * w]!).add(labels[y * w + w - 1]!);
  const out = Uint8Array.from(mask);
  for (let i = 0; i < mask.length; i++) if (!mask[i] && !outside.has(labels[i]!)) out[i] = 1;
  return out;
}

export function bounds(mask: Uint8Array, w: number): Box | null {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const x = i % w, y = (i - x) / w;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}

export function countOf(mask: Uint8Array): number {
  let n = 0;
  for (const v of mask) n += v ? 1 : 0;
  return n;
}

export function dice(a: Uint8Array, b: Uint8Array): number {
  let inter = 0, sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i]) sa++;
    if (b[i]) sb++;
    if (a[i] && b[i]) inter++;
  }
  return sa + sb === 0 ? 1 : (2 * inter) / (sa + sb);
}

/**
 * The interior point farthest from the structure's border (two-pass chamfer distance, 3-4
 * weights), as a reader would click in the middle of it. Ties go to the first in raster order.
 */
export function deepestPoint(mask: Uint8Array, w: number, h: number): { x: number; y: number } | null {
  const big = 1 << 29;
  const d = new Int32Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = mask[i] ? big : 0;
  const get = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : d[y * w + x]!);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (d[i]) d[i] = Math.min(d[i], get(x - 1, y) + 3, get(x, y - 1) + 3, get(x - 1, y - 1) + 4, get(x + 1, y - 1) + 4);
    }
  let best = -1, bi = -1;
  for (let y = h - 1; y >= 0; y--)
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      if (d[i]) d[i] = Math.min(d[i], get(x + 1, y) + 3, get(x, y + 1) + 3, get(x + 1, y + 1) + 4, get(x - 1, y + 1) + 4);
    }
  for (let i = 0; i < d.length; i++) if (d[i]! > best) [best, bi] = [d[i]!, i];
  return best > 0 ? { x: bi % w, y: Math.floor(bi / w) } : null;
}
