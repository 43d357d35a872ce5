import { type Box, fillHoles, keepRegion, type Slice } from '../contracts/model/pipeline';

/**
 * The classical baselines the shipped model has to beat, on the same slice and prompts.
 *
 * Click: region growing from the click over 4-neighbours whose value stays within a tolerance
 * of the seed's 5×5 mean (tolerance = max(10, 2 × the 5×5 SD)), on a 3×3 mean-smoothed slice,
 * holes filled. Box: Otsu's threshold inside the box, the side of the threshold the box centre
 * falls on, the region under the centre (else the largest), holes filled.
 */
export function baselineClick(slice: Slice, x: number, y: number): Uint8Array {
  const { width: w, height: h } = slice;
  const s = smooth(slice);
  let sum = 0, sq = 0, n = 0;
  for (let dy = -2; dy <= 2; dy++)
    for (let dx = -2; dx <= 2; dx++) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
      const v = s[yy * w + xx]!;
      sum += v;
      sq += v * v;
      n++;
    }
  const mean = sum / n;
  const tol = Math.max(10, 2 * Math.sqrt(Math.max(0, sq / n - mean * mean)));
  const mask = new Uint8Array(w * h);
  const stack = [y * w + x];
  mask[y * w + x] = 1;
  while (stack.length) {
    const p = stack.pop()!;
    const px = p % w, py = (p - px) / w;
    for (const q of [px > 0 ? p - 1 : -1, px < w - 1 ? p + 1 : -1, py > 0 ? p - w : -1, py < h - 1 ? p + w : -1])
      if (q >= 0 && !mask[q] && Math.abs(s[q]! - mean) <= tol) {
        mask[q] = 1;
        stack.push(q);
      }
  }
  return fillHoles(mask, w, h);
}

export function baselineBox(slice: Slice, box: Box): Uint8Array {
  const { width: w, height: h } = slice;
  const x0 = Math.max(0, Math.floor(box.x0)), x1 = Math.min(w - 1, Math.ceil(box.x1));
  const y0 = Math.max(0, Math.floor(box.y0)), y1 = Math.min(h - 1, Math.ceil(box.y1));
  const hist = new Float64Array(256);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) hist[Math.min(255, Math.max(0, Math.round(slice.data[y * w + x]!)))]!++;
  const t = otsu(hist);
  const cx = Math.round((x0 + x1) / 2), cy = Math.round((y0 + y1) / 2);
  const above = slice.data[cy * w + cx]! > t;
  const mask = new Uint8Array(w * h);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (slice.data[y * w + x]! > t === above) mask[y * w + x] = 1;
  return fillHoles(keepRegion(mask, w, h, { x: cx, y: cy }), w, h);
}

function smooth(slice: Slice): Float32Array {
  const { width: w, height: h, data } = slice;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0, n = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx, yy = y + dy;
          if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
            s += data[yy * w + xx]!;
            n++;
          }
        }
      out[y * w + x] = s / n;
    }
  return out;
}

function otsu(hist: Float64Array): number {
  let total = 0, sumAll = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i]!;
    sumAll += i * hist[i]!;
  }
  let wB = 0, sumB = 0, best = -1, threshold = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (!wB || wB === total) continue;
    sumB += t * hist[t]!;
    const mB = sumB / wB, mF = (sumAll - sumB) / (total - wB);
    const between = wB * (total - wB) * (mB - mF) ** 2;
    if (between > best) [best, threshold] = [between, t];
  }
  return threshold;
}
