import { metaData } from '@cornerstonejs/core';

/** The plane of an image from its registered metadata: frame of reference, normal and "up", as a stack viewport's camera has them. */
export function planeOf(imageId: string) {
  const p = metaData.get('imagePlaneModule', imageId) as { frameOfReferenceUID?: string; rowCosines?: number[]; columnCosines?: number[] } | undefined;
  if (!p?.rowCosines || !p.columnCosines) return null;
  const [r, c] = [p.rowCosines, p.columnCosines];
  // The camera looks along −(row × column): cornerstone's view plane normal for an image points at the viewer.
  const normal = [c[1]! * r[2]! - c[2]! * r[1]!, c[2]! * r[0]! - c[0]! * r[2]!, c[0]! * r[1]! - c[1]! * r[0]!];
  return { frameOfReferenceUid: p.frameOfReferenceUID ?? '', normal, viewUp: c.map((x) => -x) };
}

/** An image's position and orientation from its registered metadata (for the series' volume geometry). */
export function planeModule(imageId: string) {
  const m = metaData.get('imagePlaneModule', imageId) as { imagePositionPatient?: number[]; rowCosines?: number[]; columnCosines?: number[] } | undefined;
  return m?.imagePositionPatient && m.rowCosines && m.columnCosines ? { position: m.imagePositionPatient, rowCosines: m.rowCosines, columnCosines: m.columnCosines } : null;
}
