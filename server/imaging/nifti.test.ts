import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { niftiHeader, NiftiError, readNifti, writeNiftiMask } from './nifti';

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
