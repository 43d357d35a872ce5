import { cross } from '@/server/contracts/vec3';

/**
 * Orientation letters for the edges of the screen (radiological convention, LPS patient space:
 * +x left, +y posterior, +z head). The camera gives "up" and the normal towards the viewer;
 * screen right is up × normal. Oblique directions get two letters, the larger component first.
 */
function letters(v: number[]): string {
  const axes = [
    { m: Math.abs(v[0]!), l: v[0]! > 0 ? 'L' : 'R' },
    { m: Math.abs(v[1]!), l: v[1]! > 0 ? 'P' : 'A' },
    { m: Math.abs(v[2]!), l: v[2]! > 0 ? 'S' : 'I' },
  ].filter((a) => a.m > 0.3);
  return axes.sort((a, b) => b.m - a.m).slice(0, 2).map((a) => a.l).join('');
}

const neg = (v: number[]) => v.map((x) => -x);

export interface Markers {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

export function orientationMarkers(camera: { viewUp?: number[]; viewPlaneNormal?: number[]; flipHorizontal?: boolean; flipVertical?: boolean }): Markers | null {
  const { viewUp: up, viewPlaneNormal: normal } = camera;
  if (!up || !normal) return null;
  const right = cross(up, normal);
  let m = { top: letters(up), bottom: letters(neg(up)), left: letters(neg(right)), right: letters(right) };
  if (camera.flipHorizontal) m = { ...m, left: m.right, right: m.left };
  if (camera.flipVertical) m = { ...m, top: m.bottom, bottom: m.top };
  return m;
}
