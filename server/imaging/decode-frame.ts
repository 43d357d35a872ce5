import fs from 'node:fs';
import path from 'node:path';
import { DicomParseError } from '../dicom/parse';

/**
 * Decodes one compressed frame to native little-endian samples, with the same codecs the
 * viewer runs in the browser (cornerstone's WebAssembly builds of OpenJPEG, OpenJPH, CharLS and
 * libjpeg-turbo, and its JPEG Lossless decoder). Used only to draw thumbnails and rendered
 * images: stored files keep their pixel data exactly as received.
 */
export async function decodeFrame(transferSyntaxUid: string, frame: Uint8Array, bitsAllocated: number): Promise<Uint8Array> {
  const codec = CODECS[transferSyntaxUid];
  if (!codec) throw new DicomParseError(`pixel data in transfer syntax ${transferSyntaxUid} is not decoded here`);
  return codec(frame, bitsAllocated);
}

const undecodable = (err: unknown) => new DicomParseError(`the compressed frame could not be decoded (${err instanceof Error ? err.message : String(err)})`);

type Codec = (frame: Uint8Array, bitsAllocated: number) => Promise<Uint8Array>;

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  delete?(): void;
}

// Resolved from the app's folder at run time by Node's own require (kept out of the server
// bundle's reach), and their WebAssembly handed over as bytes since they target the browser.
let loader: Promise<NodeJS.Require> | undefined;
const requireFromApp = () =>
  (loader ??= import(/* webpackIgnore: true */ 'node:module').then(({ createRequire }) => createRequire(path.join(process.cwd(), 'package.json'))));
const modules = new Map<string, Promise<Record<string, new () => WasmDecoder>>>();

function wasmCodec(pkg: string, script: string, wasm: string, className: string): Codec {
  return async (frame) => {
    if (!modules.has(pkg)) {
      const load = await requireFromApp();
      const factory = load(`${pkg}/${script}`) as (options: object) => Promise<Record<string, new () => WasmDecoder>>;
      // The codecs print their own errors to the console; ours carry the reason instead.
      modules.set(pkg, factory({ wasmBinary: fs.readFileSync(load.resolve(`${pkg}/${wasm}`)), print: () => {}, printErr: () => {} }));
    }
    const decoder = new (await modules.get(pkg)!)[className]!();
    try {
      decoder.getEncodedBuffer(frame.length).set(frame);
      decoder.decode();
      return decoder.getDecodedBuffer().slice();
    } catch (err) {
      throw undecodable(err);
    } finally {
      decoder.delete?.();
    }
  };
}

const jpeg2000 = wasmCodec('@cornerstonejs/codec-openjpeg', 'decodewasmjs', 'decodewasm', 'J2KDecoder');
const htj2k = wasmCodec('@cornerstonejs/codec-openjph', 'wasmjs', 'wasm', 'HTJ2KDecoder');
const jpegLs = wasmCodec('@cornerstonejs/codec-charls', 'decodewasmjs', 'decodewasm', 'JpegLSDecoder');
const jpeg8 = wasmCodec('@cornerstonejs/codec-libjpeg-turbo-8bit', 'decodewasmjs', 'decodewasm', 'JPEGDecoder');

const jpegLossless: Codec = async (frame, bitsAllocated) => {
  const { Decoder } = (await requireFromApp())('@cornerstonejs/jpeg-lossless-decoder-js') as { Decoder: new () => { decode(buffer: ArrayBufferLike, offset: number, length: number, bytes: number): ArrayBufferView } };
  try {
    const out = new Decoder().decode(frame.buffer, frame.byteOffset, frame.length, bitsAllocated <= 8 ? 1 : 2);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    throw undecodable(err);
  }
};

const CODECS: Record<string, Codec> = {
  '1.2.840.10008.1.2.4.50': jpeg8, // JPEG Baseline (8-bit)
  '1.2.840.10008.1.2.4.51': async (frame, bits) => {
    if (bits > 8) throw new DicomParseError('12-bit JPEG Extended images are not decoded here');
    return jpeg8(frame, bits);
  },
  '1.2.840.10008.1.2.4.57': jpegLossless,
  '1.2.840.10008.1.2.4.70': jpegLossless,
  '1.2.840.10008.1.2.4.80': jpegLs,
  '1.2.840.10008.1.2.4.81': jpegLs,
  '1.2.840.10008.1.2.4.90': jpeg2000,
  '1.2.840.10008.1.2.4.91': jpeg2000,
  '1.2.840.10008.1.2.4.201': htj2k,
  '1.2.840.10008.1.2.4.202': htj2k,
  '1.2.840.10008.1.2.4.203': htj2k,
  '1.2.840.10008.1.2.5': async (frame, bits) => decodeRle(frame, bits),
};

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, one PackBits segment per
 * byte of each sample, most significant byte first. Single-sample images only.
 */
export function decodeRle(frame: Uint8Array, bitsAllocated: number): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame.length < 64) throw new DicomParseError('the RLE frame is shorter than its header');
  const segments = view.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  if (segments !== bytesPerSample) throw new DicomParseError(`RLE frame with ${segments} segments for ${bitsAllocated}-bit single-sample pixels is not decoded here`);
  const starts = Array.from({ length: segments }, (_, i) => view.getUint32(4 + 4 * i, true));
  const planes = starts.map((start, i) => unpackBits(frame.subarray(start, i + 1 < segments ? starts[i + 1] : frame.length)));
  const pixels = Math.min(...planes.map((p) => p.length));
  const out = new Uint8Array(pixels * bytesPerSample);
  // Segment 0 holds the most significant bytes; the output is little endian.
  for (let s = 0; s < segments; s++) {
    const plane = planes[s]!;
    const at = bytesPerSample - 1 - s;
    for (let i = 0; i < pixels; i++) out[i * bytesPerSample + at] = plane[i]!;
  }
  return out;
}

function unpackBits(segment: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < segment.length; ) {
    const n = (segment[i++]! << 24) >> 24;
    if (n >= 0) {
      for (let k = 0; k <= n && i < segment.length; k++) out.push(segment[i++]!);
    } else if (n !== -128) {
      const value = segment[i++]!;
      for (let k = 0; k < 1 - n; k++) out.push(value);
    }
  }
  return Uint8Array.from(out);
}
