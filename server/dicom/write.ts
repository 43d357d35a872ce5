import type { DicomElement } from './parse';
import { T } from './tags';
import { LONG_VRS } from './vr';

/** This implementation's identity in the file meta (a 2.25 UID derived from a fixed UUID). */
export const IMPLEMENTATION_CLASS_UID = '2.25.83711467291234017740162718842372391905';
export const IMPLEMENTATION_VERSION = 'CONCORD_1';

export interface WriteInput {
  dataset: DicomElement[];
  transferSyntaxUid: string;
  littleEndian: boolean;
  explicitVr: boolean;
  sopClassUid: string;
  sopInstanceUid: string;
}

/** Writes a Part 10 file: preamble, a fresh file meta group, then the data set in its transfer syntax. */
export function writePart10(input: WriteInput): Uint8Array {
  const meta: DicomElement[] = [
    { tag: T.FileMetaInformationVersion, vr: 'OB', value: Uint8Array.of(0, 1) },
    { tag: T.MediaStorageSOPClassUID, vr: 'UI', value: textBytes(input.sopClassUid, 'UI') },
    { tag: T.MediaStorageSOPInstanceUID, vr: 'UI', value: textBytes(input.sopInstanceUid, 'UI') },
    { tag: T.TransferSyntaxUID, vr: 'UI', value: textBytes(input.transferSyntaxUid, 'UI') },
    { tag: T.ImplementationClassUID, vr: 'UI', value: textBytes(IMPLEMENTATION_CLASS_UID, 'UI') },
    { tag: T.ImplementationVersionName, vr: 'SH', value: textBytes(IMPLEMENTATION_VERSION, 'SH') },
  ];
  const metaChunks: Uint8Array[] = [];
  for (const e of meta) writeElement(metaChunks, e, true, true);
  const metaLength = metaChunks.reduce((n, c) => n + c.length, 0);
  const chunks: Uint8Array[] = [new Uint8Array(128), Buffer.from('DICM', 'latin1')];
  writeElement(chunks, { tag: T.FileMetaInformationGroupLength, vr: 'UL', value: u32(metaLength, true) }, true, true);
  chunks.push(...metaChunks);
  writeDataset(chunks, input.dataset, input.littleEndian, input.explicitVr);
  return Buffer.concat(chunks);
}

/** Encodes a text value the way its VR pads it (UI with NUL, the rest with a space) to an even length. */
export function textBytes(text: string, vr: string): Uint8Array {
  const padded = text.length % 2 === 0 ? text : text + (vr === 'UI' ? '\0' : ' ');
  return Buffer.from(padded, 'latin1');
}

function writeDataset(out: Uint8Array[], dataset: readonly DicomElement[], little: boolean, explicit: boolean) {
  const sorted = [...dataset].sort((a, b) => a.tag - b.tag);
  for (const e of sorted) writeElement(out, e, little, explicit);
}

function writeElement(out: Uint8Array[], e: DicomElement, little: boolean, explicit: boolean) {
  if (e.items) {
    out.push(header(e.tag, 'SQ', 0xffffffff, little, explicit));
    for (const item of e.items) {
      out.push(tagLength(T.Item, 0xffffffff, little));
      writeDataset(out, item, little, explicit);
      out.push(tagLength(T.ItemDelimitation, 0, little));
    }
    out.push(tagLength(T.SequenceDelimitation, 0, little));
    return;
  }
  if (e.encapsulated) {
    out.push(header(e.tag, 'OB', 0xffffffff, little, explicit), e.encapsulated);
    return;
  }
  const value = e.value ?? new Uint8Array(0);
  // A value too long for a short-length VR can only be carried as UN.
  const vr = !LONG_VRS.has(e.vr) && value.length > 0xffff ? 'UN' : e.vr;
  out.push(header(e.tag, vr, value.length, little, explicit), value);
}

function header(tag: number, vr: string, length: number, little: boolean, explicit: boolean): Uint8Array {
  if (!explicit) return tagLength(tag, length, little);
  const long = LONG_VRS.has(vr);
  const b = new Uint8Array(long ? 12 : 8);
  b.set(tagBytes(tag, little), 0);
  b[4] = vr.charCodeAt(0);
  b[5] = vr.charCodeAt(1);
  if (long) b.set(u32(length, little), 8);
  else b.set(u16(length, little), 6);
  return b;
}

function tagLength(tag: number, length: number, little: boolean): Uint8Array {
  const b = new Uint8Array(8);
  b.set(tagBytes(tag, little), 0);
  b.set(u32(length, little), 4);
  return b;
}

const tagBytes = (tag: number, little: boolean) => {
  const b = new Uint8Array(4);
  b.set(u16(tag >>> 16, little), 0);
  b.set(u16(tag & 0xffff, little), 2);
  return b;
};
const u16 = (v: number, little: boolean) => (little ? Uint8Array.of(v & 0xff, v >>> 8) : Uint8Array.of(v >>> 8, v & 0xff));
const u32 = (v: number, little: boolean) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, little);
  return b;
};
