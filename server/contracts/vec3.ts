/** Three-vector arithmetic for DICOM geometry (patient coordinates, direction cosines). */

export type Vec3 = ArrayLike<number>;

export const dot = (a: Vec3, b: Vec3): number => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;

export const cross = (a: Vec3, b: Vec3): [number, number, number] => [
  a[1]! * b[2]! - a[2]! * b[1]!,
  a[2]! * b[0]! - a[0]! * b[2]!,
  a[0]! * b[1]! - a[1]! * b[0]!,
];

/** The slice normal of an Image Orientation (Patient): row cosines × column cosines. */
export const sliceNormal = (orientation: ArrayLike<number>): [number, number, number] =>
  cross([orientation[0]!, orientation[1]!, orientation[2]!], [orientation[3]!, orientation[4]!, orientation[5]!]);
