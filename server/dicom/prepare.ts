import { createHash } from 'node:crypto';
import { deidentify } from './deid/deidentify';
import type { DeidOptions } from './deid/profile';
import { frameRanges, type Range } from './frames';
import { toDicomJson, type DicomJson } from './json';
import { DicomParseError, parseDicom, stringValue, type DicomElement } from './parse';
import { T, TS } from './tags';
import { writePart10 } from './write';

/** Largest single file accepted (a multi-frame instance can be large; whole studies stream file by file). */
export const MAX_INSTANCE_BYTES = 1024 * 1024 * 1024;

/** What the index stores about one de-identified instance. */
export interface PreparedInstance {
  blob: Uint8Array;
  sha256: string;
  transferSyntaxUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  patientId: string;
  modality: string;
  instanceNumber: number | null;
  rows: number | null;
  columns: number | null;
  numberOfFrames: number;
  imagePosition: number[] | null;
  imageOrientation: number[] | null;
  pixelSpacing: number[] | null;
  sliceThickness: number | null;
  /** BurnedInAnnotation YES, or a modality that often burns text in without saying so. */
  needsPixelReview: boolean;
  frames: Range[][];
  json: DicomJson;
  /** The source's identifiers, for a project that keeps them (encrypted) for re-identification; never stored otherwise. */
  original: { patientId: string; patientName: string; patientBirthDate: string; studyInstanceUid: string; accessionNumber: string; studyDate: string };
}

const REVIEW_MODALITIES = new Set(['US', 'SC', 'OT', 'XA']);

/**
 * Parse, validate and de-identify one uploaded file, and write the file that will be stored.
 * Nothing here touches storage: a rejected file leaves no trace. Throws DicomParseError with
 * a reason the uploader can act on.
 */
export function prepareInstance(bytes: Uint8Array, options: DeidOptions, secret: Uint8Array): PreparedInstance {
  if (bytes.length > MAX_INSTANCE_BYTES) throw new DicomParseError(`The file is larger than ${MAX_INSTANCE_BYTES / 2 ** 20} MiB`);
  const parsed = parseDicom(bytes);
  const top = new Map(parsed.dataset.map((e) => [e.tag, e]));
  const missing = (
    [['SOP Class UID', T.SOPClassUID], ['SOP Instance UID', T.SOPInstanceUID], ['Study Instance UID', T.StudyInstanceUID], ['Series Instance UID', T.SeriesInstanceUID]] as const
  ).filter(([, t]) => !stringValue(top.get(t))).map(([name]) => name);
  if (missing.length > 0) throw new DicomParseError(`Not a storable DICOM instance: ${missing.join(', ')} missing (DICOMDIR and fragments are not images)`);
  const pixelIn = top.get(T.PixelData);

  const result = deidentify(parsed, options, secret);
  // A deflated data set is stored inflated, as Explicit VR Little Endian: lossless, and readable by every viewer.
  const syntax = parsed.transferSyntaxUid === TS.Deflated ? TS.ExplicitLittle : parsed.transferSyntaxUid;
  const get = (t: number) => stringValue(result.dataset.find((e) => e.tag === t));
  const blob = writePart10({
    dataset: result.dataset,
    transferSyntaxUid: syntax,
    littleEndian: parsed.littleEndian,
    explicitVr: syntax !== TS.ImplicitLittle,
    sopClassUid: get(T.SOPClassUID),
    sopInstanceUid: get(T.SOPInstanceUID),
  });

  const stored = parseDicom(blob);
  const ds = new Map(stored.dataset.map((e) => [e.tag, e]));
  const json = toDicomJson(stored.dataset, stored.littleEndian, stringValue(ds.get(T.SpecificCharacterSet)));
  json['00020010'] = { vr: 'UI', Value: [syntax] };
  const rows = uint16(ds.get(T.Rows), stored.littleEndian);
  const columns = uint16(ds.get(T.Columns), stored.littleEndian);
  const numberOfFrames = Math.max(1, parseInt(stringValue(ds.get(T.NumberOfFrames)) || '1', 10) || 1);
  const pixel = ds.get(T.PixelData);
  let frames: Range[][] = [];
  if (pixel && pixelIn) {
    if (!rows || !columns) throw new DicomParseError('The image has pixel data but no Rows or Columns');
    const samples = uint16(ds.get(T.SamplesPerPixel), stored.littleEndian) ?? 1;
    const bits = uint16(ds.get(T.BitsAllocated), stored.littleEndian) ?? 16;
    const frameBytes = Math.ceil((rows * columns * samples * bits) / 8);
    frames = frameRanges(pixel, blob, numberOfFrames, frameBytes);
  }
  const modality = get(T.Modality);
  const burnedIn = get(T.BurnedInAnnotation).toUpperCase();
  return {
    blob,
    sha256: createHash('sha256').update(blob).digest('hex'),
    transferSyntaxUid: syntax,
    studyInstanceUid: get(T.StudyInstanceUID),
    seriesInstanceUid: get(T.SeriesInstanceUID),
    sopInstanceUid: get(T.SOPInstanceUID),
    sopClassUid: get(T.SOPClassUID),
    patientId: result.patientPseudonym,
    modality,
    instanceNumber: intOrNull(get(T.InstanceNumber)),
    rows,
    columns,
    numberOfFrames,
    imagePosition: decimals(get(T.ImagePositionPatient), 3),
    imageOrientation: decimals(get(T.ImageOrientationPatient), 6),
    pixelSpacing: decimals(get(T.PixelSpacing), 2),
    sliceThickness: decimals(get(T.SliceThickness), 1)?.[0] ?? null,
    needsPixelReview: burnedIn === 'YES' || (burnedIn === '' && REVIEW_MODALITIES.has(modality)),
    frames,
    json,
    original: {
      patientId: stringValue(top.get(T.PatientID)),
      patientName: stringValue(top.get(T.PatientName)),
      patientBirthDate: stringValue(top.get(T.PatientBirthDate)),
      studyInstanceUid: stringValue(top.get(T.StudyInstanceUID)),
      accessionNumber: stringValue(top.get(T.AccessionNumber)),
      studyDate: stringValue(top.get(T.StudyDate)),
    },
  };
}

function uint16(e: DicomElement | undefined, little: boolean): number | null {
  if (!e?.value || e.value.length < 2) return null;
  return new DataView(e.value.buffer, e.value.byteOffset, 2).getUint16(0, little);
}
function decimals(text: string, count: number): number[] | null {
  const values = text.split('\\').map((s) => Number(s.trim()));
  return text !== '' && values.length === count && values.every(Number.isFinite) ? values : null;
}
function intOrNull(text: string): number | null {
  const n = parseInt(text, 10);
  return Number.isFinite(n) ? n : null;
}
