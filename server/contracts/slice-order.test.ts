import { describe, expect, it } from 'vitest';
import { inSliceOrder, middleFrame, slicePosition } from './slice-order';

describe('the viewer’s order of a series’ images', () => {
  it('runs along the slice normal, then by instance number; without geometry by instance number', () => {
    const axial = [1, 0, 0, 0, 1, 0];
    expect(slicePosition([5, 7, -20], axial, 3)).toBe(-20);
    const sagittal = [0, 1, 0, 0, 0, -1]; // normal: -x
    expect(slicePosition([12, 0, 0], sagittal, 1)).toBe(-12);
    expect(slicePosition([], [], 7)).toBe(7);
    const rows = [
      { id: 'c', position: [0, 0, 10], orientation: axial, instanceNumber: 1 },
      { id: 'a', position: [0, 0, -10], orientation: axial, instanceNumber: 3 },
      { id: 'b2', position: [0, 0, 0], orientation: axial, instanceNumber: 5 },
      { id: 'b1', position: [0, 0, 0], orientation: axial, instanceNumber: 4 },
    ];
    expect(inSliceOrder(rows, (r) => r).map((r) => r.id)).toEqual(['a', 'b1', 'b2', 'c']);
  });

  it('opens on the middle frame, counting every frame of multi-frame instances', () => {
    expect(middleFrame([{ sopUid: 'a', frames: 1 }, { sopUid: 'b', frames: 3 }, { sopUid: 'c', frames: 1 }])).toEqual({ sopUid: 'b', frame: 2 });
    expect(middleFrame([{ sopUid: 'a', frames: 1 }, { sopUid: 'b', frames: 1 }])).toEqual({ sopUid: 'b', frame: 1 });
    expect(middleFrame([{ sopUid: 'a', frames: 48 }])).toEqual({ sopUid: 'a', frame: 25 });
    expect(middleFrame([])).toBeNull();
  });
});
