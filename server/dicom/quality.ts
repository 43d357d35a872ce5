import { dot, sliceNormal } from '../contracts/vec3';

/** Curation checks on one series, from the indexed geometry of its instances (no pixel access). */

export interface QualityInstance {
  instanceNumber: number | null;
  modality: string;
  imagePosition: number[];
  imageOrientation: number[];
  pixelSpacing: number[];
  numberOfFrames: number;
}

export type QualityCode = 'MISSING_SLICES' | 'INSTANCE_NUMBER_GAPS' | 'DUPLICATE_POSITIONS' | 'UNEVEN_SPACING' | 'MIXED_ORIENTATION' | 'MIXED_PIXEL_SPACING' | 'MIXED_MODALITIES' | 'MISSING_PIXEL_SPACING';

export interface QualityIssue {
  code: QualityCode;
  severity: 'warning' | 'error';
  message: string;
}

export interface QualityReport {
  instances: number;
  /** Median distance between neighbouring slices along the slice normal (mm), when it can be measured. */
  sliceSpacing: number | null;
  issues: QualityIssue[];
}

const TOLERANCE = 1e-3;

export function checkSeriesQuality(instances: readonly QualityInstance[]): QualityReport {
  const issues: QualityIssue[] = [];
  const add = (code: QualityCode, severity: QualityIssue['severity'], message: string) => issues.push({ code, severity, message });

  const modalities = [...new Set(instances.map((i) => i.modality).filter(Boolean))];
  if (modalities.length > 1) add('MIXED_MODALITIES', 'error', `The series mixes modalities: ${modalities.join(', ')}`);

  const images = instances.filter((i) => i.imageOrientation.length === 6 || i.pixelSpacing.length === 2 || i.imagePosition.length === 3);
  const noSpacing = instances.filter((i) => i.pixelSpacing.length !== 2).length;
  if (noSpacing > 0) add('MISSING_PIXEL_SPACING', 'warning', `${noSpacing} of ${instances.length} instances have no Pixel Spacing: measurements will be in pixels`);
  if (differs(images.map((i) => i.pixelSpacing).filter((s) => s.length === 2))) add('MIXED_PIXEL_SPACING', 'error', 'Pixel Spacing differs between instances');
  const orientations = images.map((i) => i.imageOrientation).filter((o) => o.length === 6);
  const mixedOrientation = differs(orientations);
  if (mixedOrientation) add('MIXED_ORIENTATION', 'error', 'Image orientation differs between instances: the series is not one volume');

  const numbers = instances.map((i) => i.instanceNumber).filter((n): n is number => n !== null).sort((a, b) => a - b);
  const numberGaps = countGaps(numbers);
  if (numberGaps > 0) add('INSTANCE_NUMBER_GAPS', 'warning', `${numberGaps} instance number(s) missing between ${numbers[0]} and ${numbers[numbers.length - 1]}`);

  let sliceSpacing: number | null = null;
  const singleFrame = instances.filter((i) => i.numberOfFrames === 1 && i.imagePosition.length === 3 && i.imageOrientation.length === 6);
  if (!mixedOrientation && singleFrame.length >= 3) {
    const normal = sliceNormal(singleFrame[0]!.imageOrientation);
    const depths = singleFrame.map((i) => dot(i.imagePosition, normal)).sort((a, b) => a - b);
    const steps = depths.slice(1).map((d, k) => d - depths[k]!);
    const duplicates = steps.filter((s) => Math.abs(s) < TOLERANCE).length;
    if (duplicates > 0) add('DUPLICATE_POSITIONS', 'error', `${duplicates} slice(s) share a position with another slice`);
    const distinct = steps.filter((s) => Math.abs(s) >= TOLERANCE);
    if (distinct.length > 0) {
      const spacing = median(distinct);
      sliceSpacing = spacing;
      const missing = distinct.filter((s) => s > 1.5 * spacing).reduce((n, s) => n + Math.round(s / spacing) - 1, 0);
      if (missing > 0) add('MISSING_SLICES', 'error', `About ${missing} slice(s) missing: gaps in slice position larger than the ${round(spacing)} mm spacing`);
      const uneven = distinct.filter((s) => s <= 1.5 * spacing && Math.abs(s - spacing) > 0.01 * spacing + TOLERANCE).length;
      if (uneven > 0) add('UNEVEN_SPACING', 'warning', `${uneven} slice step(s) differ from the ${round(spacing)} mm spacing`);
    }
  }
  return { instances: instances.length, sliceSpacing, issues };
}

function differs(vectors: number[][]): boolean {
  const first = vectors[0];
  return !!first && vectors.some((v) => v.some((x, k) => Math.abs(x - first[k]!) > TOLERANCE));
}
function countGaps(sorted: number[]): number {
  let gaps = 0;
  for (let k = 1; k < sorted.length; k++) gaps += Math.max(0, sorted[k]! - sorted[k - 1]! - 1);
  return gaps;
}
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
const round = (x: number) => Math.round(x * 100) / 100;
