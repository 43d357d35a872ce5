import { cross, dot } from '@/server/contracts/vec3';

/** An image's position and orientation (DICOM Image Plane module). */
export interface Plane {
  position: number[];
  rowCosines: number[];
  columnCosines: number[];
}

/** A series that can be shown as a volume: its slices' positions along their shared normal, in stack order. */
export interface StackGeometry {
  normal: [number, number, number];
  positions: number[];
}

/**
 * The stack's geometry when its images form a volume (MPR makes sense): at least three slices, one
 * orientation, distinct positions. Null otherwise — single images, cine loops, mixed orientations.
 */
export function stackGeometry(planes: (Plane | null)[], tolerance = 1e-3): StackGeometry | null {
  if (planes.length < 3 || planes.some((p) => !p || p.position.length !== 3 || p.rowCosines.length !== 3 || p.columnCosines.length !== 3)) return null;
  const [head, ...rest] = planes as Plane[];
  const sameDirection = (a: number[], b: number[]) => a.every((x, i) => Math.abs(x - b[i]!) < tolerance);
  if (rest.some((p) => !sameDirection(p.rowCosines, head!.rowCosines) || !sameDirection(p.columnCosines, head!.columnCosines))) return null;
  const normal = cross(head!.rowCosines, head!.columnCosines);
  const positions = (planes as Plane[]).map((p) => dot(p.position, normal));
  const sorted = [...positions].sort((a, b) => a - b);
  if (sorted.some((x, i) => i > 0 && x - sorted[i - 1]! < tolerance)) return null;
  return { normal, positions };
}

/** The stack's slice nearest to a point (patient coordinates, mm). */
export function nearestSlice(g: StackGeometry, point: ArrayLike<number>): number {
  const d = dot(point, g.normal);
  let best = 0;
  for (let i = 1; i < g.positions.length; i++) if (Math.abs(g.positions[i]! - d) < Math.abs(g.positions[best]! - d)) best = i;
  return best;
}

/** The point moved along the stack's normal onto slice `index`, keeping its place within the plane. */
export function onSlice(g: StackGeometry, point: ArrayLike<number>, index: number): [number, number, number] {
  const shift = g.positions[index]! - dot(point, g.normal);
  return [point[0]! + shift * g.normal[0], point[1]! + shift * g.normal[1], point[2]! + shift * g.normal[2]];
}

/**
 * Where a finding is seen: its acquired image's index in the stack, or, for a finding kept on a
 * reconstructed plane, the stack slice nearest its centre and that centre (the MPR views are
 * centred there). Null when the stack does not hold it.
 */
export function findingPlace(
  f: { image?: { sopUid: string; frame: number } | null; points: number[][] },
  stack: { imageIds: string[]; byFrame: Map<string, string> },
  g: StackGeometry | null,
): { index: number; center?: [number, number, number] } | null {
  if (f.image) {
    const id = stack.byFrame.get(`${f.image.sopUid}/${f.image.frame}`);
    const index = id ? stack.imageIds.indexOf(id) : -1;
    return index >= 0 ? { index } : null;
  }
  if (!g || !f.points.length) return null;
  const center = [0, 1, 2].map((k) => f.points.reduce((s, p) => s + p[k]!, 0) / f.points.length) as [number, number, number];
  return { index: nearestSlice(g, center), center };
}
