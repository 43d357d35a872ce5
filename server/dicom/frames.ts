import { DicomParseError, type DicomElement } from './parse';

/** A byte range inside the stored file. */
export type Range = [offset: number, length: number];

/**
 * Where each frame's bytes lie in the stored file: one range per frame for native pixel data,
 * a list of fragment ranges per frame for encapsulated pixel data (served back verbatim).
 */
export function frameRanges(pixel: DicomElement, file: Uint8Array, frames: number, frameBytes: number): Range[][] {
  if (pixel.value) {
    const base = pixel.value.byteOffset - file.byteOffset;
    if (frames * frameBytes > pixel.value.length) throw new DicomParseError(`Pixel data holds ${pixel.value.length} bytes, fewer than the ${frames * frameBytes} its ${frames} frame(s) need`);
    return Array.from({ length: frames }, (_, i) => [[base + i * frameBytes, frameBytes]]);
  }
  const enc = pixel.encapsulated!;
  const base = enc.byteOffset - file.byteOffset;
  const items: Range[] = [];
  const view = new DataView(enc.buffer, enc.byteOffset, enc.byteLength);
  for (let at = 0; at + 8 <= enc.length; ) {
    const length = view.getUint32(at + 4, true);
    if (view.getUint16(at, true) === 0xfffe && view.getUint16(at + 2, true) === 0xe0dd) break;
    items.push([base + at + 8, length]);
    at += 8 + length;
  }
  const [bot, ...fragments] = items;
  if (!bot || fragments.length === 0) throw new DicomParseError('Encapsulated pixel data holds no fragments');
  if (frames === 1) return [fragments];
  if (fragments.length === frames) return fragments.map((f) => [f]);
  if (bot[1] >= frames * 4) {
    // Basic Offset Table: frame starts, relative to the first fragment's item tag.
    const botView = new DataView(file.buffer, file.byteOffset + bot[0], bot[1]);
    const starts = Array.from({ length: frames }, (_, i) => botView.getUint32(i * 4, true));
    const firstItem = fragments[0]![0] - 8;
    return starts.map((start, i) => {
      const end = i + 1 < frames ? starts[i + 1]! : Infinity;
      return fragments.filter(([offset]) => offset - 8 - firstItem >= start && offset - 8 - firstItem < end);
    });
  }
  // No offset table: a new frame begins at each fragment that starts a JPEG or JPEG 2000 codestream.
  const grouped: Range[][] = [];
  for (const f of fragments) {
    const b0 = file[f[0]];
    const b1 = file[f[0] + 1];
    if (grouped.length === 0 || (b0 === 0xff && (b1 === 0xd8 || b1 === 0x4f))) grouped.push([f]);
    else grouped[grouped.length - 1]!.push(f);
  }
  if (grouped.length !== frames) throw new DicomParseError(`Cannot tell the ${frames} frames apart in ${fragments.length} fragments without an offset table`);
  return grouped;
}
