import type { DicomElement } from './parse';
import { T } from './tags';
import { STRING_VRS } from './vr';

/** One attribute in the DICOM JSON model (PS3.18 F.2). */
export interface JsonAttribute {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  BulkDataURI?: string;
}
export type DicomJson = Record<string, JsonAttribute>;

const INLINE_LIMIT = 1024;

/**
 * The DICOM JSON model of a data set. Pixel data is left out (served as bulk data); other
 * binary values are inlined when small and left out when large.
 */
export function toDicomJson(dataset: readonly DicomElement[], littleEndian: boolean, charset = ''): DicomJson {
  const decoder = new TextDecoder(charset.includes('ISO_IR 192') ? 'utf-8' : 'latin1');
  const out: DicomJson = {};
  for (const e of [...dataset].sort((a, b) => a.tag - b.tag)) {
    if (e.tag === T.PixelData || e.tag === T.FloatPixelData || e.tag === T.DoubleFloatPixelData) continue;
    if ((e.tag & 0xffff) === 0) continue; // group lengths have no place in the JSON model
    const key = e.tag.toString(16).toUpperCase().padStart(8, '0');
    const attr = toAttribute(e, littleEndian, decoder, charset);
    if (attr) out[key] = attr;
  }
  return out;
}

function toAttribute(e: DicomElement, little: boolean, decoder: TextDecoder, charset: string): JsonAttribute | null {
  if (e.items) return { vr: 'SQ', Value: e.items.map((item) => toDicomJson(item, little, charset)) };
  if (e.encapsulated) return null;
  const bytes = e.value ?? new Uint8Array(0);
  if (bytes.length === 0) return { vr: e.vr };
  if (STRING_VRS.has(e.vr)) {
    const text = decoder.decode(bytes).replace(/[\0 ]+$/, '');
    const parts = ['LT', 'ST', 'UT', 'UR'].includes(e.vr) ? [text] : text.split('\\').map((s) => s.trim());
    if (e.vr === 'PN') return { vr: e.vr, Value: parts.map((p) => (p ? { Alphabetic: p } : null)) };
    if (e.vr === 'DS') return { vr: e.vr, Value: parts.map((p) => (p === '' ? null : Number(p))) };
    if (e.vr === 'IS') return { vr: e.vr, Value: parts.map((p) => (p === '' ? null : parseInt(p, 10))) };
    return { vr: e.vr, Value: parts };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (size: number, get: (at: number) => number | bigint | string) => {
    const values: unknown[] = [];
    for (let at = 0; at + size <= bytes.length; at += size) {
      const v = get(at);
      values.push(typeof v === 'bigint' ? Number(v) : v);
    }
    return { vr: e.vr, Value: values };
  };
  switch (e.vr) {
    case 'US': return read(2, (at) => view.getUint16(at, little));
    case 'SS': return read(2, (at) => view.getInt16(at, little));
    case 'UL': return read(4, (at) => view.getUint32(at, little));
    case 'SL': return read(4, (at) => view.getInt32(at, little));
    case 'FL': return read(4, (at) => view.getFloat32(at, little));
    case 'FD': return read(8, (at) => view.getFloat64(at, little));
    case 'SV': return read(8, (at) => view.getBigInt64(at, little));
    case 'UV': return read(8, (at) => view.getBigUint64(at, little));
    case 'AT': return read(4, (at) => hex(view.getUint16(at, little)) + hex(view.getUint16(at + 2, little)));
    default:
      return bytes.length <= INLINE_LIMIT ? { vr: e.vr, InlineBinary: Buffer.from(bytes).toString('base64') } : null;
  }
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
