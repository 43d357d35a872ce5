import { DicomParseError } from '../dicom/parse';
import { decodedDicomSlice, type DisplaySlice } from './display-slice';
import { encodeGreyPng } from './png';

/** The longest side of a thumbnail, in pixels (DICOMweb leaves the size to the server). */
export const THUMBNAIL_SIZE = 128;

/** A slice scaled down (area average) so its longest side is at most `size`; smaller slices are kept. */
export function shrink(s: DisplaySlice, size: number): DisplaySlice {
  const scale = Math.max(s.width, s.height) / size;
  if (scale <= 1) return s;
  const [w, h] = [Math.max(1, Math.round(s.width / scale)), Math.max(1, Math.round(s.height / scale))];
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const [y0, y1] = [Math.floor((y * s.height) / h), Math.max(Math.floor((y * s.height) / h) + 1, Math.floor(((y + 1) * s.height) / h))];
    for (let x = 0; x < w; x++) {
      const [x0, x1] = [Math.floor((x * s.width) / w), Math.max(Math.floor((x * s.width) / w) + 1, Math.floor(((x + 1) * s.width) / w))];
      let sum = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += s.data[yy * s.width + xx]!;
      out[y * w + x] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * The first frame of a stored instance as a PNG, windowed as a viewer opens it, optionally as a
 * thumbnail; compressed frames are decoded for the picture (the stored file is never changed).
 * A reason instead when it cannot be drawn (colour, an unsupported codec, a damaged frame).
 */
export async function renderPng(file: Uint8Array, thumbnail: boolean): Promise<{ png: Buffer } | { reason: string }> {
  try {
    const slice = await decodedDicomSlice(file);
    const shown = thumbnail ? shrink(slice, THUMBNAIL_SIZE) : slice;
    return { png: encodeGreyPng(shown.width, shown.height, shown.data) };
  } catch (err) {
    if (err instanceof DicomParseError) return { reason: err.message };
    throw err;
  }
}
