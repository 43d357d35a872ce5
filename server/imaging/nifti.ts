import fs from 'node:fs';
import zlib from 'node:zlib';

/** A NIfTI-1 image: voxels as numbers (x fastest), grid, spacing and the header to write masks back with. */
export interface NiftiImage {
  dims: [number, number, number];
  spacing: [number, number, number];
  data: Float64Array;
  /** The original 348-byte header (little-endian), reused so written masks keep the input's geometry. */
  header: Buffer;
  /** The sform (voxel → RAS mm, three rows of four) when the file has one. */
  sform: number[][] | null;
}

const TYPES: Record<number, { bytes: number; read: (b: Buffer, o: number, le: boolean) => number }> = {
  2: { bytes: 1, read: (b, o) => b.readUInt8(o) },
  4: { bytes: 2, read: (b, o, le) => (le ? b.readInt16LE(o) : b.readInt16BE(o)) },
  8: { bytes: 4, read: (b, o, le) => (le ? b.readInt32LE(o) : b.readInt32BE(o)) },
  16: { bytes: 4, read: (b, o, le) => (le ? b.readFloatLE(o) : b.readFloatBE(o)) },
  64: { bytes: 8, read: (b, o, le) => (le ? b.readDoubleLE(o) : b.readDoubleBE(o)) },
  256: { bytes: 1, read: (b, o) => b.readInt8(o) },
  512: { bytes: 2, read: (b, o, le) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o)) },
  768: { bytes: 4, read: (b, o, le) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o)) },
};

export class NiftiError extends Error {}

/** Reads a .nii or .nii.gz file (NIfTI-1, single file, 2-D or 3-D; extra dimensions of size 1 allowed). */
export function readNifti(file: string): NiftiImage {
  return parseNifti(fs.readFileSync(file), file);
}

/** Parses the bytes of a .nii or .nii.gz file; `file` names it in errors. */
export function parseNifti(bytes: Buffer, file = 'NIfTI'): NiftiImage {
  let buf = bytes;
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = zlib.gunzipSync(buf);
    } catch {
      throw new NiftiError(`${file}: the gzip stream is corrupt`);
    }
  }
  if (buf.length < 348) throw new NiftiError(`${file}: too short for a NIfTI header (${buf.length} bytes)`);
  const le = buf.readInt32LE(0) === 348;
  if (!le && buf.readInt32BE(0) !== 348) {
    if (buf.readInt32LE(0) === 540 || buf.readInt32BE(0) === 540) throw new NiftiError(`${file}: NIfTI-2 is not supported; convert to NIfTI-1`);
    throw new NiftiError(`${file}: not a NIfTI-1 file (sizeof_hdr is not 348)`);
  }
  const magic = buf.toString('latin1', 344, 347);
  if (magic !== 'n+1') throw new NiftiError(`${file}: ${magic === 'ni1' ? 'two-file (.hdr/.img) NIfTI is not supported' : 'missing the n+1 magic'}`);
  const i16 = (o: number) => (le ? buf.readInt16LE(o) : buf.readInt16BE(o));
  const f32 = (o: number) => (le ? buf.readFloatLE(o) : buf.readFloatBE(o));
  const ndim = i16(40);
  const dim = Array.from({ length: 7 }, (_, i) => (i < ndim ? i16(42 + 2 * i) : 1));
  if (dim.slice(3).some((d) => d !== 1)) throw new NiftiError(`${file}: ${ndim}-D images with more than one volume are not supported`);
  const [nx, ny, nz] = [dim[0]!, dim[1]!, dim[2]!];
  const type = TYPES[i16(70)];
  if (!type) throw new NiftiError(`${file}: voxel data type ${i16(70)} is not supported`);
  const offset = Math.round(f32(108));
  const count = nx * ny * nz;
  if (buf.length < offset + count * type.bytes) throw new NiftiError(`${file}: truncated (expected ${offset + count * type.bytes} bytes, found ${buf.length})`);
  const slope = f32(112);
  const inter = f32(116);
  const scale = Number.isFinite(slope) && slope !== 0;
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const v = type.read(buf, offset + i * type.bytes, le);
    data[i] = scale ? v * slope + inter : v;
  }
  const spacing = [1, 2, 3].map((i) => Math.abs(f32(76 + 4 * i)) || 1) as [number, number, number];
  if (ndim < 3) spacing[2] = 1;
  const sform = i16(254) > 0 ? [280, 296, 312].map((o) => [0, 1, 2, 3].map((k) => f32(o + 4 * k))) : null;
  return { dims: [nx, ny, nz], spacing, data, header: le ? Buffer.from(buf.subarray(0, 348)) : toLittleEndianHeader(buf), sform };
}

/** Writes a uint8 mask with the geometry (dims, pixdim, qform/sform) of `like`'s header. */
export function writeNiftiMask(file: string, like: Pick<NiftiImage, 'header' | 'data'>, mask: Uint8Array) {
  if (mask.length !== like.data.length) throw new RangeError(`mask has ${mask.length} voxels, the image ${like.data.length}`);
  const header = Buffer.from(like.header);
  header.writeInt16LE(2, 70); // datatype uint8
  header.writeInt16LE(8, 72); // bitpix
  header.writeFloatLE(352, 108); // vox_offset
  header.writeFloatLE(1, 112); // scl_slope
  header.writeFloatLE(0, 116); // scl_inter
  header.writeFloatLE(1, 124); // cal_max
  header.writeFloatLE(0, 128); // cal_min
  header.write('n+1\0', 344, 'latin1');
  const out = Buffer.concat([header, Buffer.alloc(4), Buffer.from(mask.buffer, mask.byteOffset, mask.length)]);
  fs.writeFileSync(file, file.endsWith('.gz') ? zlib.gzipSync(out) : out);
}

/** A big-endian header rewritten little-endian (the fields Concord writes back). */
function toLittleEndianHeader(be: Buffer): Buffer {
  const h = Buffer.from(be.subarray(0, 348));
  const int16 = [40, 42, 44, 46, 48, 50, 52, 54, 68, 70, 72, 74, 120, 252, 254];
  const int32 = [0, 32, 36, 140, 144];
  const float32 = [56, 60, 64, 76, 80, 84, 88, 92, 96, 100, 104, 108, 112, 116, 124, 128, 132, 136, 256, 260, 264, 268, 272, 276, ...Array.from({ length: 12 }, (_, i) => 280 + 4 * i)];
  for (const o of int16) h.writeInt16LE(be.readInt16BE(o), o);
  for (const o of int32) h.writeInt32LE(be.readInt32BE(o), o);
  for (const o of float32) h.writeFloatLE(be.readFloatBE(o), o);
  return h;
}

/** A minimal NIfTI-1 header for a new image (identity orientation, origin 0), for tests and fixture generators. */
export function niftiHeader(dims: [number, number, number], spacing: [number, number, number]): Buffer {
  const h = Buffer.alloc(348);
  h.writeInt32LE(348, 0);
  h.writeInt16LE(3, 40);
  dims.forEach((d, i) => h.writeInt16LE(d, 42 + 2 * i));
  for (let i = 3; i < 7; i++) h.writeInt16LE(1, 42 + 2 * i);
  h.writeFloatLE(1, 76);
  spacing.forEach((s, i) => h.writeFloatLE(s, 80 + 4 * i));
  h.writeInt16LE(1, 254); // sform_code: scanner
  h.writeFloatLE(spacing[0], 280);
  h.writeFloatLE(spacing[1], 300);
  h.writeFloatLE(spacing[2], 320);
  h.writeInt8(10, 123); // xyzt_units: mm, s
  h.write('n+1\0', 344, 'latin1');
  return h;
}

/** Voxel data types Concord writes, by NIfTI datatype code. */
const WRITE_TYPES = { uint8: { code: 2, bits: 8 }, int16: { code: 4, bits: 16 }, uint16: { code: 512, bits: 16 }, float32: { code: 16, bits: 32 } } as const;

/**
 * The NIfTI affine (voxel → RAS mm, rows of four) of a DICOM-style grid: voxel (i, j, k) sits at
 * origin + i·sx·row + j·sy·col + k·sz·normal in LPS, and RAS negates x and y.
 */
export function gridAffine(g: { origin: number[]; spacing: number[]; direction: number[] }): number[][] {
  const flip = [-1, -1, 1];
  return [0, 1, 2].map((r) => [...[0, 1, 2].map((c) => flip[r]! * g.direction[3 * c + r]! * g.spacing[c]!), flip[r]! * g.origin[r]!]);
}

/** The qform quaternion (b, c, d) and qfac of an affine's rotation (nifti1_io's mat44_to_quatern). */
function quaternion(affine: number[][]) {
  const col = (c: number) => {
    const v = [0, 1, 2].map((r) => affine[r]![c]!);
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  };
  const [c0, c1, c2] = [col(0), col(1), col(2)];
  const det = c0[0]! * (c1[1]! * c2[2]! - c2[1]! * c1[2]!) - c1[0]! * (c0[1]! * c2[2]! - c2[1]! * c0[2]!) + c2[0]! * (c0[1]! * c1[2]! - c1[1]! * c0[2]!);
  const qfac = det < 0 ? -1 : 1;
  const r = (i: number, j: number) => (j === 0 ? c0 : j === 1 ? c1 : c2.map((x) => x * qfac))[i]!;
  let a = r(0, 0) + r(1, 1) + r(2, 2) + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r(2, 1) - r(1, 2))) / a;
    c = (0.25 * (r(0, 2) - r(2, 0))) / a;
    d = (0.25 * (r(1, 0) - r(0, 1))) / a;
  } else {
    const xd = 1 + r(0, 0) - (r(1, 1) + r(2, 2));
    const yd = 1 + r(1, 1) - (r(0, 0) + r(2, 2));
    const zd = 1 + r(2, 2) - (r(0, 0) + r(1, 1));
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r(0, 1) + r(1, 0))) / b;
      d = (0.25 * (r(0, 2) + r(2, 0))) / b;
      a = (0.25 * (r(2, 1) - r(1, 2))) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r(0, 1) + r(1, 0))) / c;
      d = (0.25 * (r(1, 2) + r(2, 1))) / c;
      a = (0.25 * (r(0, 2) - r(2, 0))) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r(0, 2) + r(2, 0))) / d;
      c = (0.25 * (r(1, 2) + r(2, 1))) / d;
      a = (0.25 * (r(1, 0) - r(0, 1))) / d;
    }
    if (a < 0) [b, c, d] = [-b, -c, -d];
  }
  return { b, c, d, qfac };
}

/**
 * A NIfTI-1 file (uncompressed bytes) of a 3-D volume with its affine in both qform and sform
 * (scanner coordinates, mm). `label` marks a label map (intent NIFTI_INTENT_LABEL).
 */
export function encodeNifti(v: NiftiVolume): Buffer {
  const [header, voxels] = niftiParts(v);
  return Buffer.concat([header, voxels]);
}

/** The same file gzipped (.nii.gz), without first copying the voxels behind the header. */
export async function encodeNiftiGz(v: NiftiVolume, level = 6): Promise<Buffer> {
  const gz = zlib.createGzip({ level });
  const chunks: Buffer[] = [];
  gz.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => gz.on('end', resolve).on('error', reject));
  for (const part of niftiParts(v)) gz.write(part);
  gz.end();
  await done;
  return Buffer.concat(chunks);
}

interface NiftiVolume {
  dims: number[];
  affine: number[][];
  type: keyof typeof WRITE_TYPES;
  data: ArrayBufferView;
  label?: boolean;
  description?: string;
}

function niftiParts(v: NiftiVolume): [Buffer, Buffer] {
  const t = WRITE_TYPES[v.type];
  const count = v.dims[0]! * v.dims[1]! * v.dims[2]!;
  if (v.data.byteLength !== (count * t.bits) / 8) throw new RangeError(`${v.data.byteLength} bytes of voxels for a ${v.dims.join('×')} ${v.type} volume`);
  const h = Buffer.alloc(352);
  h.writeInt32LE(348, 0);
  h.writeInt16LE(3, 40);
  for (let i = 0; i < 7; i++) h.writeInt16LE(i < 3 ? v.dims[i]! : 1, 42 + 2 * i);
  if (v.label) h.writeInt16LE(1002, 68);
  h.writeInt16LE(t.code, 70);
  h.writeInt16LE(t.bits, 72);
  const q = quaternion(v.affine);
  h.writeFloatLE(q.qfac, 76);
  for (let c = 0; c < 3; c++) h.writeFloatLE(Math.hypot(v.affine[0]![c]!, v.affine[1]![c]!, v.affine[2]![c]!), 80 + 4 * c);
  h.writeFloatLE(352, 108);
  h.writeFloatLE(1, 112);
  h.writeInt8(10, 123); // xyzt_units: mm, s
  h.write((v.description ?? '').slice(0, 79), 148, 'latin1');
  h.writeInt16LE(1, 252); // qform_code: scanner
  h.writeInt16LE(1, 254); // sform_code: scanner
  [q.b, q.c, q.d, v.affine[0]![3]!, v.affine[1]![3]!, v.affine[2]![3]!].forEach((x, i) => h.writeFloatLE(x, 256 + 4 * i));
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) h.writeFloatLE(v.affine[r]![c]!, 280 + 16 * r + 4 * c);
  h.write('n+1\0', 344, 'latin1');
  return [h, Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength)];
}
