import { describe, expect, it } from 'vitest';
import { findingPlace, nearestSlice, onSlice, stackGeometry, type Plane } from './volume';

const axial = (z: number, x = 0): Plane => ({ position: [x, 0, z], rowCosines: [1, 0, 0], columnCosines: [0, 1, 0] });
// Sagittal: rows run anterior→posterior (+y), columns head→foot (−z); the normal is +x... or −x, as the cross product says.
const sagittal = (x: number): Plane => ({ position: [x, 0, 0], rowCosines: [0, 1, 0], columnCosines: [0, 0, -1] });

describe('stack geometry for MPR', () => {
  it('takes slices of one orientation at distinct positions, in the order given', () => {
    const g = stackGeometry([axial(-5), axial(0), axial(5), axial(10)])!;
    expect(g.normal).toEqual([0, 0, 1]);
    expect(g.positions).toEqual([-5, 0, 5, 10]);
    const s = stackGeometry([sagittal(3), sagittal(1), sagittal(2)])!;
    expect(s.normal).toEqual([-1, 0, 0]);
    expect(s.positions).toEqual([-3, -1, -2]);
  });

  it('refuses what is not a volume: too few slices, a missing plane, mixed orientations, repeated positions', () => {
    expect(stackGeometry([axial(0), axial(1)])).toBeNull();
    expect(stackGeometry([axial(0), null, axial(2)])).toBeNull();
    expect(stackGeometry([axial(0), axial(1), sagittal(2)])).toBeNull();
    // A cine loop: every frame at the same place.
    expect(stackGeometry([axial(0), axial(0), axial(0)])).toBeNull();
    expect(stackGeometry([{ position: [0, 0], rowCosines: [1, 0, 0], columnCosines: [0, 1, 0] }, axial(1), axial(2)])).toBeNull();
  });

  it('finds the nearest slice to a point and moves a point onto a slice', () => {
    const g = stackGeometry([axial(0), axial(2.5), axial(5), axial(7.5)])!;
    expect(nearestSlice(g, [40, -3, 3.6])).toBe(1);
    expect(nearestSlice(g, [0, 0, 3.9])).toBe(2);
    expect(nearestSlice(g, [0, 0, -100])).toBe(0);
    expect(nearestSlice(g, [0, 0, 100])).toBe(3);
    expect(onSlice(g, [40, -3, 3.6], 3)).toEqual([40, -3, 7.5]);
    const s = stackGeometry([sagittal(10), sagittal(11), sagittal(12)])!;
    expect(onSlice(s, [0, 7, -2], 2)).toEqual([12, 7, -2]);
    expect(nearestSlice(s, [11.2, 50, 50])).toBe(1);
  });

  it('places a finding: its acquired image in the stack, or the slice nearest its plane\'s centre and that centre', () => {
    const g = stackGeometry([axial(0), axial(2.5), axial(5)])!;
    const stack = { imageIds: ['a', 'b', 'c'], byFrame: new Map([['sop-b/1', 'b'], ['sop-c/1', 'c'], ['sop-m/2', 'c']]) };
    expect(findingPlace({ image: { sopUid: 'sop-b', frame: 1 }, points: [[0, 0, 2.5]] }, stack, g)).toEqual({ index: 1 });
    expect(findingPlace({ image: { sopUid: 'sop-m', frame: 2 }, points: [] }, stack, g)).toEqual({ index: 2 });
    // Another series' image, or an image the stack no longer lists.
    expect(findingPlace({ image: { sopUid: 'sop-x', frame: 1 }, points: [] }, stack, g)).toBeNull();
    // A coronal length from z 1 to z 5 at y 7: centred at z 3, nearest slice 2.5 mm.
    expect(findingPlace({ image: null, points: [[10, 7, 1], [20, 7, 5]] }, stack, g)).toEqual({ index: 1, center: [15, 7, 3] });
    expect(findingPlace({ image: null, points: [[10, 7, 1]] }, stack, null)).toBeNull();
  });
});
