import { createHash } from 'node:crypto';
import dcmjs from 'dcmjs';
import type { TLabel } from '../../contracts/label-schema';
import { seriesGrid } from '../reading/masks';
import type { ExportMask } from './case-content';
import type { InstanceGeometry } from './coco';

/** The part of dcmjs this module uses (the package has no types). */
interface Dcmjs {
  data: {
    datasetToBuffer(dataset: object): Buffer;
    Colors: { rgb82DICOMLAB(rgb: number[]): number[] };
  };
}
const { data } = dcmjs as unknown as Dcmjs;

const SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** A UID derived from a seed (the same snapshot content gets the same UIDs): 2.25 + 128 bits of its sha256. */
export const derivedUid = (seed: string) => `2.25.${BigInt(`0x${createHash('sha256').update(seed).digest('hex').slice(0, 32)}`).toString()}`;

/** The study attributes a derived object repeats, from the DICOM JSON model of a source instance. */
function studyAttributes(metadata: Record<string, { Value?: unknown[] } | undefined>) {
  const v = (tag: string) => metadata[tag]?.Value?.[0];
  const name = v('00100010') as { Alphabetic?: string } | string | undefined;
  return {
    PatientName: typeof name === 'string' ? name : (name?.Alphabetic ?? ''),
    PatientID: (v('00100020') as string | undefined) ?? '',
    PatientBirthDate: '',
    PatientSex: (v('00100040') as string | undefined) ?? '',
    StudyInstanceUID: v('0020000D') as string,
    StudyDate: (v('00080020') as string | undefined) ?? '',
    StudyTime: (v('00080030') as string | undefined) ?? '',
    StudyID: (v('00200010') as string | undefined) ?? '',
    AccessionNumber: (v('00080050') as string | undefined) ?? '',
    ReferringPhysicianName: '',
    FrameOfReferenceUID: (v('00200052') as string | undefined) ?? derivedUid(`frame-of-reference:${String(v('0020000E'))}`),
  };
}

export interface SegSource {
  seriesInstanceUid: string;
  instances: (InstanceGeometry & { sopClassUid: string })[];
  /** DICOM JSON model of one instance of the series (study, patient, frame of reference). */
  metadata: Record<string, { Value?: unknown[] } | undefined>;
}

/**
 * A DICOM Segmentation (binary, one frame per segment and source slice that holds any voxel)
 * of one series' masks, referencing the de-identified source instances; segment labels and
 * colours come from the label schema. The dataset is assembled here and encoded by dcmjs.
 */
export function segmentationObject(source: SegSource, masks: ExportMask[], labels: TLabel[], opts: { seed: string; description: string; createdAt: Date }): Uint8Array | null {
  const grid = seriesGrid(source.instances);
  const [nx, ny, nz] = grid.dims as [number, number, number];
  const frameAt = new Map([...grid.index].map(([key, z]) => [z, key]));
  const bySop = new Map(source.instances.map((i) => [i.sopInstanceUid, i]));
  const segLabels = labels.filter((l) => l.kind === 'segmentation' && masks.some((m) => m.labelId === l.id));
  const segments = [];
  const frames = [];
  const pixels: Uint8Array[] = [];
  for (const [n, label] of segLabels.entries()) {
    const rgb = [1, 3, 5].map((i) => parseInt(label.color.slice(i, i + 2), 16));
    segments.push({
      SegmentNumber: n + 1,
      SegmentLabel: label.name.slice(0, 64),
      SegmentAlgorithmType: 'MANUAL',
      SegmentedPropertyCategoryCodeSequence: [{ CodeValue: 'label', CodingSchemeDesignator: '99CONCORD', CodeMeaning: 'Concord label' }],
      SegmentedPropertyTypeCodeSequence: [{ CodeValue: label.id.slice(0, 16), CodingSchemeDesignator: '99CONCORD', CodeMeaning: label.name.slice(0, 64) }],
      RecommendedDisplayCIELabValue: data.Colors.rgb82DICOMLAB(rgb),
    });
    for (const m of masks.filter((x) => x.labelId === label.id)) {
      if (m.data.length !== nx * ny * nz) throw new Error(`The mask of “${label.name}” does not fit series ${source.seriesInstanceUid}`);
      for (let z = 0; z < nz; z++) {
        const slice = m.data.subarray(z * nx * ny, (z + 1) * nx * ny);
        if (slice.indexOf(1) === -1) continue;
        const [sop, frame] = frameAt.get(z)!.split('/') as [string, string];
        const inst = bySop.get(sop)!;
        const multi = inst.numberOfFrames > 1;
        const position = !multi && inst.imagePosition.length === 3 ? inst.imagePosition : [0, 1, 2].map((d) => grid.origin[d]! + z * grid.spacing[2]! * grid.direction[6 + d]!);
        frames.push({
          FrameContentSequence: [{ DimensionIndexValues: [n + 1, z + 1] }],
          PlanePositionSequence: [{ ImagePositionPatient: position }],
          DerivationImageSequence: [
            {
              SourceImageSequence: [{ ReferencedSOPClassUID: inst.sopClassUid, ReferencedSOPInstanceUID: sop, ...(multi ? { ReferencedFrameNumber: Number(frame) } : {}), PurposeOfReferenceCodeSequence: [{ CodeValue: '121322', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Source image for image processing operation' }] }],
              DerivationCodeSequence: [{ CodeValue: '113076', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Segmentation' }],
            },
          ],
          SegmentIdentificationSequence: [{ ReferencedSegmentNumber: n + 1 }],
        });
        pixels.push(slice);
      }
    }
  }
  if (!frames.length) return null;
  // 1-bit pixels, frames back to back, the first pixel in the lowest bit (PS3.5 8.1.1).
  const frameSize = nx * ny;
  const packed = new Uint8Array(Math.ceil((frames.length * frameSize) / 8));
  pixels.forEach((p, f) => {
    const base = f * frameSize;
    for (let i = p.indexOf(1); i !== -1; i = p.indexOf(1, i + 1)) packed[(base + i) >> 3]! |= 1 << ((base + i) & 7);
  });
  const sopInstanceUid = derivedUid(`seg:${opts.seed}`);
  const dimensionUid = derivedUid(`seg-dimensions:${opts.seed}`);
  const date = opts.createdAt.toISOString().slice(0, 10).replace(/-/g, '');
  const time = opts.createdAt.toISOString().slice(11, 19).replace(/:/g, '');
  const first = source.instances[0]!;
  const dataset = {
    _meta: { TransferSyntaxUID: { Value: [EXPLICIT_LE] } },
    _vrMap: { PixelData: 'OB' },
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: SEG_SOP_CLASS,
    SOPInstanceUID: sopInstanceUid,
    ...studyAttributes(source.metadata),
    PositionReferenceIndicator: '',
    Modality: 'SEG',
    SeriesInstanceUID: derivedUid(`seg-series:${opts.seed}`),
    SeriesNumber: 300,
    SeriesDescription: opts.description.slice(0, 64),
    Manufacturer: 'Concord',
    ManufacturerModelName: 'Concord',
    DeviceSerialNumber: '1',
    SoftwareVersions: '0.1.0',
    InstanceNumber: 1,
    ContentDate: date,
    ContentTime: time,
    ContentLabel: 'CONCORD',
    ContentDescription: opts.description.slice(0, 64),
    ContentCreatorName: 'Concord',
    ImageType: ['DERIVED', 'PRIMARY'],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: first.rows,
    Columns: first.columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    NumberOfFrames: frames.length,
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionUid }],
    DimensionIndexSequence: [
      { DimensionOrganizationUID: dimensionUid, DimensionIndexPointer: 0x0062000b, FunctionalGroupPointer: 0x0062000a, DimensionDescriptionLabel: 'ReferencedSegmentNumber' },
      { DimensionOrganizationUID: dimensionUid, DimensionIndexPointer: 0x00200032, FunctionalGroupPointer: 0x00209113, DimensionDescriptionLabel: 'ImagePositionPatient' },
    ],
    SegmentSequence: segments,
    SharedFunctionalGroupsSequence: [
      {
        PlaneOrientationSequence: [{ ImageOrientationPatient: first.imageOrientation }],
        PixelMeasuresSequence: [{ PixelSpacing: first.pixelSpacing, SliceThickness: first.sliceThickness ?? grid.spacing[2], SpacingBetweenSlices: grid.spacing[2] }],
      },
    ],
    PerFrameFunctionalGroupsSequence: frames,
    ReferencedSeriesSequence: [{ SeriesInstanceUID: source.seriesInstanceUid, ReferencedInstanceSequence: source.instances.map((i) => ({ ReferencedSOPClassUID: i.sopClassUid, ReferencedSOPInstanceUID: i.sopInstanceUid })) }],
    PixelData: packed.buffer,
  };
  return new Uint8Array(data.datasetToBuffer(dataset));
}
