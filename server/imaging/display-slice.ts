import { readFileSync } from 'node:fs';
import { frameRanges } from '../dicom/frames';
import { DicomParseError, parseDicom, stringValue, type ParsedDicom } from '../dicom/parse';
import { T, TS } from '../dicom/tags';
import { decodeFrame } from './decode-frame';
import { decodePng } from './png';

/** A slice as a reader sees it: 8-bit display values, one per pixel. */
export interface DisplaySlice {
  width: number;
  height: number;
  data: Uint8Array;
}

/** PNG: grey, or the first channel of RGB. */
export function pngSlice(bytes: Buffer): DisplaySlice {
  const png = decodePng(bytes);
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = png.data[i * png.channels]!;
  return { width: png.width, height: png.height, data };
}

const NATIVE: string[] = [TS.ImplicitLittle, TS.ExplicitLittle];

/**
 * The first frame of a single-sample DICOM image with native pixel data, windowed to 8 bits as
 * a viewer shows it on opening: the file's first Window Center/Width, else its value range.
 */
export function dicomSlice(bytes: Uint8Array): DisplaySlice {
  const parsed = parseDicom(bytes);
  if (!NATIVE.includes(parsed.transferSyntaxUid))
    throw new DicomParseError(`compressed pixel data (${parsed.transferSyntaxUid}) is not read here; convert to native little endian first`);
  return windowed(parsed, parsed.dataset.find((e) => e.tag === T.PixelData)?.value);
}

/** dicomSlice for compressed images too: the first frame is decoded (decode-frame.ts). */
export async function decodedDicomSlice(bytes: Uint8Array): Promise<DisplaySlice> {
  const parsed = parseDicom(bytes);
  if (NATIVE.includes(parsed.transferSyntaxUid)) return windowed(parsed, parsed.dataset.find((e) => e.tag === T.PixelData)?.value);
  const pixel = parsed.dataset.find((e) => e.tag === T.PixelData);
  if (!pixel?.encapsulated) throw new DicomParseError(`pixel data in transfer syntax ${parsed.transferSyntaxUid} is not decoded here`);
  const frames = Math.max(1, Number(stringValue(parsed.dataset.find((e) => e.tag === T.NumberOfFrames))) || 1);
  const [first] = frameRanges(pixel, bytes, frames, 0);
  const frame = Buffer.concat(first!.map(([offset, length]) => bytes.subarray(offset, offset + length)));
  return windowed(parsed, await decodeFrame(parsed.transferSyntaxUid, frame, ushort(parsed, T.BitsAllocated)));
}

function ushort(parsed: ParsedDicom, tag: number): number {
  const v = parsed.dataset.find((e) => e.tag === tag)?.value;
  return v && v.length >= 2 ? v[0]! | (v[1]! << 8) : NaN;
}

function windowed(parsed: ParsedDicom, pixel: Uint8Array | undefined): DisplaySlice {
  const el = (tag: number) => parsed.dataset.find((e) => e.tag === tag);
  const us = (tag: number) => ushort(parsed, tag);
  const ds = (tag: number, fallback: number) => {
    const v = Number(stringValue(el(tag)).split('\\')[0]);
    return stringValue(el(tag)) && Number.isFinite(v) ? v : fallback;
  };
  const [width, height, bits, signed, samples] = [us(T.Columns), us(T.Rows), us(T.BitsAllocated), us(T.PixelRepresentation) === 1, us(T.SamplesPerPixel)];
  if (!pixel || !(width > 0) || !(height > 0)) throw new DicomParseError('the file holds no image');
  if ((samples || 1) !== 1 || (bits !== 8 && bits !== 16)) throw new DicomParseError(`${samples} samples of ${bits} bits per pixel are not read here`);
  if (pixel.length < width * height * (bits / 8)) throw new DicomParseError('the pixel data is shorter than one frame');
  const [slope, intercept] = [ds(T.RescaleSlope, 1), ds(T.RescaleIntercept, 0)];
  const view = new DataView(pixel.buffer, pixel.byteOffset, pixel.byteLength);
  const values = new Float32Array(width * height);
  for (let i = 0; i < values.length; i++)
    values[i] = (bits === 8 ? (signed ? view.getInt8(i) : view.getUint8(i)) : signed ? view.getInt16(2 * i, true) : view.getUint16(2 * i, true)) * slope + intercept;
  let [centre, wide] = [ds(T.WindowCenter, NaN), ds(T.WindowWidth, NaN)];
  if (!Number.isFinite(centre) || !(wide > 0)) {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    [centre, wide] = [(lo + hi) / 2, Math.max(hi - lo, 1)];
  }
  const inverted = stringValue(el(T.PhotometricInterpretation)) === 'MONOCHROME1';
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(Math.min(1, Math.max(0, (values[i]! - (centre - wide / 2)) / wide)) * 255);
    data[i] = inverted ? 255 - v : v;
  }
  return { width, height, data };
}

/** A PNG or DICOM file as a display slice. */
export function readSlice(path: string): DisplaySlice {
  const bytes = readFileSync(path);
  return bytes.readUInt32BE(0) === 0x89504e47 ? pngSlice(bytes) : dicomSlice(bytes);
}
