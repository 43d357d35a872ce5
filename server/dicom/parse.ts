import { inflateRawSync } from 'node:zlib';
import { T, TS, formatTag } from './tags';
import { ALL_VRS, LONG_VRS, implicitVr } from './vr';

/** One data element, values kept as the raw bytes of the file so that nothing is re-encoded. */
export interface DicomElement {
  tag: number;
  vr: string;
  /** The value bytes in the data set's byte order (absent for sequences and encapsulated pixel data). */
  value?: Uint8Array;
  items?: DicomElement[][];
  /** Encapsulated pixel data: everything after the element header up to and including the sequence delimiter. */
  encapsulated?: Uint8Array;
}

export interface ParsedDicom {
  transferSyntaxUid: string;
  littleEndian: boolean;
  explicitVr: boolean;
  meta: DicomElement[];
  dataset: DicomElement[];
}

/** A file that is not DICOM or is damaged; `message` says what to do about it. */
export class DicomParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DicomParseError';
  }
}

const UNDEFINED = 0xffffffff;
const MAX_DEPTH = 16;
const ENCAPSULATED_SYNTAXES = (ts: string) => !(ts === TS.ImplicitLittle || ts === TS.ExplicitLittle || ts === TS.ExplicitBig || ts === TS.Deflated);

/**
 * Parses a DICOM file: Part 10 with preamble, a file meta group without preamble, or a bare
 * data set (implicit or explicit VR, either byte order, guessed from its first element).
 * Deflated data sets are inflated. Throws DicomParseError for anything it cannot read whole.
 */
export function parseDicom(bytes: Uint8Array): ParsedDicom {
  let offset = 0;
  if (bytes.length >= 132 && ascii(bytes, 128, 4) === 'DICM') offset = 132;
  let meta: DicomElement[] = [];
  if (bytes.length >= offset + 6 && u16le(bytes, offset) === 0x0002 && isVrAt(bytes, offset + 4)) {
    const reader = new Reader(bytes, offset, bytes.length, true, true);
    meta = reader.readDataset(0, (t) => t >>> 16 !== 0x0002);
    offset = reader.pos;
  } else if (offset === 132) {
    throw new DicomParseError('The file has a DICOM preamble but no file meta information: it is damaged');
  }
  const declared = stringValue(meta.find((e) => e.tag === T.TransferSyntaxUID));
  const syntax = declared || guessSyntax(bytes, offset);
  if (!syntax) {
    throw new DicomParseError(
      declared === '' && meta.length > 0
        ? 'The file meta information names no transfer syntax and the data set that follows is not readable'
        : 'Not a DICOM file: no "DICM" marker and no recognizable data element at the start',
    );
  }
  let body = bytes;
  let start = offset;
  if (syntax === TS.Deflated) {
    try {
      body = inflateRawSync(bytes.subarray(offset));
    } catch {
      throw new DicomParseError('The deflated data set cannot be inflated: the file is corrupt or truncated');
    }
    start = 0;
  }
  const littleEndian = syntax !== TS.ExplicitBig;
  const explicitVr = syntax !== TS.ImplicitLittle;
  const reader = new Reader(body, start, body.length, littleEndian, explicitVr);
  const dataset = reader.readDataset(0);
  if (dataset.length === 0) throw new DicomParseError('The file holds no data elements');
  const pixel = dataset.find((e) => e.tag === T.PixelData);
  if (pixel?.encapsulated && !ENCAPSULATED_SYNTAXES(syntax)) throw new DicomParseError(`Pixel data is encapsulated but the transfer syntax ${syntax} is not a compressed one`);
  if (pixel?.value && ENCAPSULATED_SYNTAXES(syntax)) throw new DicomParseError(`Transfer syntax ${syntax} requires encapsulated pixel data, but the pixel data is native`);
  return { transferSyntaxUid: syntax, littleEndian, explicitVr, meta, dataset };
}

/** The text of a string-valued element without its padding, or '' when absent. */
export function stringValue(element: DicomElement | undefined): string {
  if (!element?.value) return '';
  return latin1(element.value).replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

function guessSyntax(bytes: Uint8Array, offset: number): string | null {
  if (bytes.length < offset + 8) return null;
  const groupLe = u16le(bytes, offset);
  const groupBe = (bytes[offset]! << 8) | bytes[offset + 1]!;
  const plausible = (g: number) => g >= 0x0002 && g <= 0x0030 && g % 2 === 0;
  const explicit = isVrAt(bytes, offset + 4);
  if (plausible(groupLe)) return explicit ? TS.ExplicitLittle : TS.ImplicitLittle;
  if (plausible(groupBe) && explicit) return TS.ExplicitBig;
  return null;
}

function isVrAt(bytes: Uint8Array, at: number): boolean {
  return at + 2 <= bytes.length && ALL_VRS.has(ascii(bytes, at, 2));
}

class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
    private readonly end: number,
    private readonly little: boolean,
    private readonly explicit: boolean,
  ) {}

  /** Reads elements until `end`, an item delimiter, or `stop` says the next tag belongs elsewhere. */
  readDataset(depth: number, stop?: (tag: number) => boolean, end = this.end, delimited = false): DicomElement[] {
    if (depth > MAX_DEPTH) throw new DicomParseError('Sequences are nested too deeply: the file is corrupt');
    const out: DicomElement[] = [];
    while (this.pos < end) {
      if (end - this.pos < 8) {
        // Trailing zero padding after the last element is common and harmless.
        if (this.bytes.subarray(this.pos, end).every((b) => b === 0)) { this.pos = end; break; }
        throw new DicomParseError(`The file is truncated: ${end - this.pos} stray bytes at offset ${this.pos}`);
      }
      const tag = this.peekTag();
      if (stop?.(tag)) break;
      if (tag === T.ItemDelimitation) { this.pos += 8; return out; }
      if (tag === T.SequenceDelimitation || tag === T.Item) throw new DicomParseError(`Unexpected ${formatTag(tag)} delimiter at offset ${this.pos}: the file is corrupt`);
      out.push(this.readElement(depth));
    }
    if (delimited) throw new DicomParseError('The file is truncated inside a sequence item');
    return out;
  }

  private readElement(depth: number): DicomElement {
    const at = this.pos;
    const tag = this.peekTag();
    this.pos += 4;
    let vr: string;
    let length: number;
    if (this.explicit) {
      vr = ascii(this.bytes, this.pos, 2);
      if (!ALL_VRS.has(vr)) throw new DicomParseError(`Element ${formatTag(tag)} at offset ${at} has an invalid value representation "${printable(vr)}"`);
      if (LONG_VRS.has(vr)) {
        this.need(8, tag);
        length = this.u32(this.pos + 4);
        this.pos += 8;
      } else {
        length = this.u16(this.pos + 2);
        this.pos += 4;
      }
    } else {
      vr = implicitVr(tag);
      this.need(4, tag);
      length = this.u32(this.pos);
      this.pos += 4;
    }
    if (length === UNDEFINED) {
      if (tag === T.PixelData) return { tag, vr: vr === 'UN' ? 'OB' : vr, encapsulated: this.readEncapsulated() };
      if (vr === 'SQ' || vr === 'UN' || !this.explicit) return { tag, vr: 'SQ', items: this.readItems(depth, UNDEFINED, vr === 'UN' && this.explicit) };
      throw new DicomParseError(`Element ${formatTag(tag)} (${vr}) has an undefined length, which only sequences and pixel data may have`);
    }
    this.need(length, tag);
    if (vr === 'SQ') return { tag, vr, items: this.readItems(depth, length, false) };
    const value = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return { tag, vr, value };
  }

  private readItems(depth: number, length: number, implicitLittle: boolean): DicomElement[][] {
    // An explicit-VR UN of undefined length holds items encoded as implicit VR little endian (PS3.5 6.2.2).
    const reader = implicitLittle ? new Reader(this.bytes, this.pos, this.end, true, false) : this;
    const end = length === UNDEFINED ? this.end : this.pos + length;
    const items: DicomElement[][] = [];
    let closed = length !== UNDEFINED;
    while (reader.pos < end) {
      reader.need(8, T.Item);
      const tag = reader.peekTag();
      const itemLength = reader.u32(reader.pos + 4);
      reader.pos += 8;
      if (tag === T.SequenceDelimitation) { closed = true; break; }
      if (tag !== T.Item) throw new DicomParseError(`Expected a sequence item at offset ${reader.pos - 8} but found ${formatTag(tag)}: the file is corrupt`);
      if (itemLength === UNDEFINED) items.push(reader.readDataset(depth + 1, undefined, this.end, true));
      else {
        reader.need(itemLength, T.Item);
        const itemEnd = reader.pos + itemLength;
        items.push(reader.readDataset(depth + 1, undefined, itemEnd));
        reader.pos = itemEnd;
      }
    }
    if (!closed) throw new DicomParseError('The file is truncated inside a sequence');
    this.pos = reader.pos;
    return items;
  }

  private readEncapsulated(): Uint8Array {
    const start = this.pos;
    for (;;) {
      this.need(8, T.PixelData);
      const tag = this.peekTag();
      const length = this.u32(this.pos + 4);
      this.pos += 8;
      if (tag === T.SequenceDelimitation) return this.bytes.subarray(start, this.pos);
      if (tag !== T.Item || length === UNDEFINED) throw new DicomParseError(`Encapsulated pixel data holds ${formatTag(tag)} where a fragment was expected: the file is corrupt`);
      this.need(length, T.PixelData);
      this.pos += length;
    }
  }

  private need(n: number, tag: number) {
    if (this.pos + n > this.end) {
      throw new DicomParseError(`The file is truncated: element ${formatTag(tag)} needs ${n} bytes at offset ${this.pos} but only ${Math.max(0, this.end - this.pos)} remain`);
    }
  }
  private peekTag() { return ((this.u16(this.pos) << 16) | this.u16(this.pos + 2)) >>> 0; }
  private u16(at: number) { return this.little ? this.bytes[at]! | (this.bytes[at + 1]! << 8) : (this.bytes[at]! << 8) | this.bytes[at + 1]!; }
  private u32(at: number) { return this.little ? (this.u16(at) | (this.u16(at + 2) << 16)) >>> 0 : ((this.u16(at) << 16) | this.u16(at + 2)) >>> 0; }
}

const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');
