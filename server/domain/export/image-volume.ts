import { db } from '../../db/client';
import { exportRepository } from '../../db/repositories/export.repository';
import type { BlobStore } from '../../dicom/blob-store';
import type { Range } from '../../dicom/frames';
import { encodeNiftiGz, gridAffine } from '../../imaging/nifti';
import { seriesGrid } from '../reading/masks';
import type { InstanceGeometry } from './coco';

// Little-endian native pixel data can be placed as it is; compressed or big-endian data would need a codec.
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

type Source = { seriesInstanceUid: string; instances: (InstanceGeometry & { transferSyntaxUid: string; blobKey: string; frames: unknown })[] };
type Metadata = Record<string, { Value?: unknown[] } | undefined>;

const num = (m: Metadata, tag: string, fallback: number) => {
  const v = Number(m[tag]?.Value?.[0]);
  return Number.isFinite(v) ? v : fallback;
};

/**
 * A series as a NIfTI image volume on the same grid as its label maps (modality values: stored
 * values × Rescale Slope + Intercept), or the reason it cannot be written here.
 */
export async function imageVolume(orgId: string, projectId: string, series: Source, blobs: BlobStore): Promise<{ bytes: Uint8Array } | { skipped: string }> {
  if (series.instances.some((i) => !NATIVE.has(i.transferSyntaxUid))) return { skipped: 'compressed pixel data (kept as DICOM only)' };
  const grid = seriesGrid(series.instances);
  const [nx, ny, nz] = grid.dims as [number, number, number];
  const pixel = [];
  for (const inst of series.instances) {
    const m = await exportRepository.instanceMetadata(db(), orgId, projectId, inst.sopInstanceUid);
    const p = { inst, bits: num(m, '00280100', 16), signed: num(m, '00280103', 0) === 1, samples: num(m, '00280002', 1), slope: num(m, '00281053', 1), intercept: num(m, '00281052', 0) };
    if (p.samples !== 1 || (p.bits !== 8 && p.bits !== 16)) return { skipped: `${p.samples} samples of ${p.bits} bits per pixel (kept as DICOM only)` };
    pixel.push(p);
  }
  // int16 holds CT and most MR exactly at half the size of float32; anything else (fractional
  // rescale, values out of range) is written as float32.
  const integral = pixel.every((p) => Number.isInteger(p.slope) && Number.isInteger(p.intercept));
  let data: Int16Array | Float32Array = integral ? new Int16Array(nx * ny * nz) : new Float32Array(nx * ny * nz);
  for (const { inst, bits, signed, slope, intercept } of pixel) {
    for (const [f, ranges] of (inst.frames as Range[][]).entries()) {
      const z = grid.index.get(`${inst.sopInstanceUid}/${f + 1}`);
      const bytes = nx * ny * (bits / 8);
      const [offset, length] = ranges[0] ?? [0, 0];
      if (z === undefined || length < bytes) return { skipped: 'frames that do not fit the series grid (kept as DICOM only)' };
      const raw = await blobs.read(inst.blobKey, offset, bytes);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const base = z * nx * ny;
      for (let i = 0; i < nx * ny; i++) {
        const v = (bits === 8 ? (signed ? view.getInt8(i) : view.getUint8(i)) : signed ? view.getInt16(2 * i, true) : view.getUint16(2 * i, true)) * slope + intercept;
        if (data instanceof Int16Array && (v < -32768 || v > 32767)) data = Float32Array.from(data);
        data[base + i] = v;
      }
    }
  }
  return { bytes: await encodeNiftiGz({ dims: grid.dims, affine: gridAffine(grid), type: data instanceof Int16Array ? 'int16' : 'float32', data, description: `Concord image ${series.seriesInstanceUid}`.slice(0, 79) }) };
}
