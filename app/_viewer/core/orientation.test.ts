import { describe, expect, it } from 'vitest';
import { orientationMarkers } from './orientation';

describe('orientation markers', () => {
  it('labels the standard planes as radiologists read them', () => {
    // Axial from the feet: anterior up, the patient's right on the screen's left.
    expect(orientationMarkers({ viewUp: [0, -1, 0], viewPlaneNormal: [0, 0, -1] })).toEqual({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
    // Coronal from the front: head up, the patient's right on the left.
    expect(orientationMarkers({ viewUp: [0, 0, 1], viewPlaneNormal: [0, -1, 0] })).toEqual({ top: 'S', bottom: 'I', left: 'R', right: 'L' });
    // Sagittal from the left: head up, anterior on the left.
    expect(orientationMarkers({ viewUp: [0, 0, 1], viewPlaneNormal: [1, 0, 0] })).toEqual({ top: 'S', bottom: 'I', left: 'A', right: 'P' });
  });

  it('names oblique directions with two letters and follows flips', () => {
    const s = Math.SQRT1_2;
    expect(orientationMarkers({ viewUp: [0, -s, s], viewPlaneNormal: [0, -s, -s] })?.top).toMatch(/^(AS|SA)$/);
    expect(orientationMarkers({ viewUp: [0, -1, 0], viewPlaneNormal: [0, 0, -1], flipHorizontal: true })).toMatchObject({ left: 'L', right: 'R' });
    expect(orientationMarkers({})).toBeNull();
  });
});
