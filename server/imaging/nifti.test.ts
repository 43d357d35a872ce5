import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeNifti, gridAffine, niftiHeader, NiftiError, parseNifti, readNifti, writeNiftiMask } from './nifti';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-nifti-'));
const fixtures = path.join(import.meta.dirname, '__fixtures__');

describe('[IMAGING]: NIfTI-1 I/O', () => {
  it('writes a mask and reads it back, plain and gzipped, with its geometry', () => {
    const dims: [number, number, number] = [5, 4, 3];
    const like = { dims, spacing: [0.7, 0.8, 2.5] as [number, number, number], data: new Float64Array(60), header: niftiHeader(dims, [0.7, 0.8, 2.5]) };
    const mask = Uint8Array.from({ length: 60 }, (_, i) => (i % 7 === 0 ? 1 : 0));
    for (const name of ['m.nii', 'm.nii.gz']) {
      writeNiftiMask(path.join(dir, name), like, mask);
      const back = readNifti(path.join(dir, name));
      expect(back.dims).toEqual(dims);
      expect(back.spacing.map((s) => +s.toFixed(6))).toEqual([0.7, 0.8, 2.5]);
      expect([...back.data]).toEqual([...mask]);
      expect(back.header.readInt16LE(254)).toBe(1); // sform kept
    }
  });

  it('writes a volume with a DICOM grid’s affine in sform and qform (the quaternion rebuilds the same matrix, also when the grid is left-handed)', () => {
    const s = Math.SQRT1_2;
    const grids = [
      { origin: [-120.5, 80.25, -33], spacing: [0.7, 0.8, 2.5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
      // Sagittal, slices stacked against the row × column normal: a left-handed grid (qfac −1).
      { origin: [10, -20, 30], spacing: [1, 1.2, 3], direction: [0, 1, 0, 0, 0, -1, 1, 0, 0] },
      { origin: [0, 0, 0], spacing: [0.5, 0.5, 1], direction: [s, s, 0, -s, s, 0, 0, 0, 1] },
    ];
    for (const g of grids) {
      const affine = gridAffine(g);
      // Voxel (1, 0, 0) is one column spacing along the row direction, in RAS.
      expect(affine.map((row, r) => row[0]! - (r < 2 ? -1 : 1) * g.direction[r]! * g.spacing[0]!).every((d) => Math.abs(d) < 1e-12)).toBe(true);
      const data = Uint8Array.from({ length: 24 }, (_, i) => i % 3);
      const back = parseNifti(encodeNifti({ dims: [4, 3, 2], affine, type: 'uint8', data, label: true }));
      expect([...back.data]).toEqual([...data]);
      back.sform!.forEach((row, r) => row.forEach((v, c) => expect(Math.abs(v - affine[r]![c]!)).toBeLessThan(1e-4)));
      // The qform as the NIfTI-1 standard defines it: R from (a, b, c, d), columns × pixdim, the third × qfac.
      const h = back.header;
      const [b, c, d] = [h.readFloatLE(256), h.readFloatLE(260), h.readFloatLE(264)];
      const a = Math.sqrt(Math.max(0, 1 - b * b - c * c - d * d));
      const R = [
        [a * a + b * b - c * c - d * d, 2 * b * c - 2 * a * d, 2 * b * d + 2 * a * c],
        [2 * b * c + 2 * a * d, a * a + c * c - b * b - d * d, 2 * c * d - 2 * a * b],
        [2 * b * d - 2 * a * c, 2 * c * d + 2 * a * b, a * a + d * d - c * c - b * b],
      ];
      const qfac = h.readFloatLE(76);
      const pix = [h.readFloatLE(80), h.readFloatLE(84), h.readFloatLE(88) * qfac];
      for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) expect(Math.abs(R[r]![k]! * pix[k]! - affine[r]![k]!)).toBeLessThan(1e-5);
      [268, 272, 276].forEach((o, r) => expect(Math.abs(h.readFloatLE(o) - affine[r]![3]!)).toBeLessThan(1e-4));
    }
    expect(() => encodeNifti({ dims: [4, 3, 2], affine: gridAffine(grids[0]!), type: 'uint16', data: new Uint8Array(24) })).toThrow(RangeError);
  });

  it('reads a real label volume', () => {
    const img = readNifti(path.join(fixtures, 'anatomical_label.nii.gz'));
    expect(img.dims).toEqual([33, 41, 25]);
    expect(img.spacing).toEqual([2, 2, 2]);
    expect(new Set(img.data)).toEqual(new Set([0, 1]));
  });

  it('rejects what it cannot read, saying why', () => {
    const bad = (name: string, bytes: Buffer) => {
      fs.writeFileSync(path.join(dir, name), bytes);
      return () => readNifti(path.join(dir, name));
    };
    expect(bad('short.nii', Buffer.alloc(10))).toThrow(new NiftiError(`${path.join(dir, 'short.nii')}: too short for a NIfTI header (10 bytes)`));
    expect(bad('text.nii', Buffer.alloc(400, 65))).toThrow(/not a NIfTI-1 file/);
    const header = niftiHeader([4, 4, 4], [1, 1, 1]);
    header.writeFloatLE(352, 108);
    header.writeInt16LE(2, 70);
    expect(bad('trunc.nii', Buffer.concat([header, Buffer.alloc(10)]))).toThrow(/truncated \(expected 416 bytes, found 358\)/);
    expect(bad('corrupt.nii.gz', Buffer.from([0x1f, 0x8b, 1, 2, 3]))).toThrow(/gzip stream is corrupt/);
    const v2 = Buffer.alloc(600);
    v2.writeInt32LE(540, 0);
    expect(bad('v2.nii', v2)).toThrow(/NIfTI-2 is not supported/);
  });
});
