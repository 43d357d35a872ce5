import { describe, expect, it } from 'vitest';
import { FINDING_TOOLS, PLANE_TOOLS, ZFindingSchema, type TFinding } from '@/server/contracts/annotation-doc/schema';
import { TOOL_NAMES, toAnnotation, toFinding, type CsAnnotation, type ImageRefs } from './mapper';

const refs: ImageRefs = {
  series: { seriesUid: '1.2', frameOfReferenceUid: '1.2.840.1' },
  refOf: (imageId) => (imageId.startsWith('wadors:img-') ? { seriesUid: '1.2', sopUid: imageId.slice(11), frame: 1 } : null),
  imageIdOf: (sop, frame) => (frame === 1 ? `wadors:img-${sop}` : null),
  planeOf: () => ({ frameOfReferenceUid: '1.2.840.1', normal: [0, 0, -1], viewUp: [0, -1, 0] }),
};

const POINTS: Record<TFinding['tool'], number> = { length: 2, bidirectional: 4, angle: 3, rectangleRoi: 4, ellipseRoi: 4, freehand: 7, spline: 7, point: 1, arrow: 2, box: 4 };

/** A finding as a tool would leave it, with cachedStats like cornerstone's. */
function drawn(tool: TFinding['tool'], uid: string): CsAnnotation {
  const pts = Array.from({ length: POINTS[tool] }, (_, i) => [10.123456 + i, -20.5 + 2 * i, 33.25]);
  return {
    annotationUID: uid,
    metadata: { toolName: TOOL_NAMES[tool], referencedImageId: 'wadors:img-1.2.3', FrameOfReferenceUID: '1.2.840.1' },
    data: {
      handles: { points: tool === 'freehand' ? [] : tool === 'spline' ? pts.slice(0, 3) : pts },
      ...(tool === 'freehand' || tool === 'spline' ? { contour: { polyline: pts, closed: true } } : {}),
      ...(tool === 'arrow' ? { label: 'look here' } : {}),
      cachedStats: { 'imageId:wadors:img-1.2.3': { length: 12.34567, width: 3.2, angle: 41.5, area: 100.25, mean: -650.5, stdDev: 12.5, value: 42, unit: 'mm', areaUnit: 'mm²', modalityUnit: 'HU' } },
    },
  };
}

describe('cornerstone annotation ↔ finding mapper', () => {
  it.each(FINDING_TOOLS)('round-trips %s', (tool) => {
    const a = drawn(tool, `uid-${tool}`);
    const f = toFinding(a, refs, { labelId: 'lbl', attributes: { conf: 'high' } })!;
    expect(f).toMatchObject({ id: `uid-${tool}`, tool, labelId: 'lbl', image: { seriesUid: '1.2', sopUid: '1.2.3', frame: 1 }, attributes: { conf: 'high' } });
    expect(f.points).toHaveLength(POINTS[tool]);
    expect(f.points[0]).toEqual([10.1235, -20.5, 33.25]); // rounded to 0.1 µm
    const back = toAnnotation(f, refs, 'Label name')!;
    expect(back.annotationUID).toBe(a.annotationUID);
    expect(back.metadata).toMatchObject({ toolName: a.metadata.toolName, referencedImageId: a.metadata.referencedImageId, FrameOfReferenceUID: '1.2.840.1', viewPlaneNormal: [0, 0, -1] });
    // The rebuilt annotation maps to the same finding (values come back once cornerstone recomputes its stats).
    const again = toFinding({ ...back, data: { ...back.data, cachedStats: a.data.cachedStats } }, refs, { labelId: 'lbl', attributes: { conf: 'high' } });
    expect(again).toEqual(f);
  });

  it('records each tool’s values with units', () => {
    const v = (tool: TFinding['tool']) => toFinding(drawn(tool, 'u'), refs, { labelId: null, attributes: {} })!.values;
    expect(v('length')).toEqual([{ name: 'length', value: 12.3457, unit: 'mm' }]);
    expect(v('bidirectional')).toEqual([{ name: 'long axis', value: 12.3457, unit: 'mm' }, { name: 'short axis', value: 3.2, unit: 'mm' }]);
    expect(v('angle')).toEqual([{ name: 'angle', value: 41.5, unit: 'deg' }]);
    expect(v('ellipseRoi')).toEqual([{ name: 'area', value: 100.25, unit: 'mm²' }, { name: 'mean', value: -650.5, unit: 'HU' }, { name: 'sd', value: 12.5, unit: 'HU' }]);
    expect(v('point')).toEqual([{ name: 'value', value: 42, unit: 'HU' }]);
    const arrow = toFinding(drawn('arrow', 'u'), refs, { labelId: null, attributes: {} })!;
    expect(arrow.text).toBe('look here');
    // Drawn again, an arrow shows its own text; the other tools show their label's name.
    expect(toAnnotation(arrow, refs, 'Label name')!.data.label).toBe('look here');
    expect(toAnnotation(toFinding(drawn('length', 'u'), refs, { labelId: null, attributes: {} })!, refs, 'Label name')!.data.label).toBe('Label name');
  });

  it('leaves out what it cannot place: other tools, unknown images, findings on images not loaded', () => {
    expect(toFinding({ ...drawn('length', 'u'), metadata: { toolName: 'Crosshairs', referencedImageId: 'wadors:img-1' } }, refs, { labelId: null, attributes: {} })).toBeNull();
    expect(toFinding({ ...drawn('length', 'u'), metadata: { toolName: 'Length', referencedImageId: 'other:1' } }, refs, { labelId: null, attributes: {} })).toBeNull();
    const f = toFinding(drawn('length', 'u'), refs, { labelId: null, attributes: {} })!;
    expect(toAnnotation({ ...f, image: { ...f.image!, frame: 2 } }, refs, null)).toBeNull();
  });

  /** As a tool leaves it on a sagittal reconstruction: no image lies in that plane, so none is named. */
  const onSagittal = (tool: TFinding['tool']): CsAnnotation => {
    const a = drawn(tool, `uid-${tool}`);
    return { ...a, metadata: { toolName: a.metadata.toolName, FrameOfReferenceUID: '1.2.840.1', viewPlaneNormal: [1, 0, 1e-17], viewUp: [0, 0, 1] } };
  };

  it.each(PLANE_TOOLS)('round-trips %s drawn on a reconstructed plane', (tool) => {
    const f = toFinding(onSagittal(tool), refs, { labelId: 'lbl', attributes: {} })!;
    expect(f.image).toBeUndefined();
    expect(f.plane).toEqual({ seriesUid: '1.2', normal: [1, 0, 0], viewUp: [0, 0, 1] });
    expect(ZFindingSchema.safeParse(f).success).toBe(true);
    const back = toAnnotation(f, refs, null)!;
    expect(back.metadata).toEqual({ toolName: TOOL_NAMES[tool], FrameOfReferenceUID: '1.2.840.1', viewPlaneNormal: [1, 0, 0], viewUp: [0, 0, 1] });
    expect(toFinding({ ...back, data: { ...back.data, cachedStats: onSagittal(tool).data.cachedStats } }, refs, { labelId: 'lbl', attributes: {} })).toEqual(f);
  });

  it('keeps boxes on images and planes in their own series', () => {
    expect(toFinding(onSagittal('box'), refs, { labelId: null, attributes: {} })).toBeNull();
    const other = onSagittal('length');
    expect(toFinding({ ...other, metadata: { ...other.metadata, FrameOfReferenceUID: '9.9' } }, refs, { labelId: null, attributes: {} })).toBeNull();
    const f = toFinding(other, refs, { labelId: null, attributes: {} })!;
    expect(toAnnotation({ ...f, plane: { ...f.plane!, seriesUid: '9.9' } }, refs, null)).toBeNull();
    // The document refuses a box on a plane, and a finding on both or neither.
    const box = { ...f, tool: 'box' as const };
    expect(ZFindingSchema.safeParse(box).success).toBe(false);
    expect(ZFindingSchema.safeParse({ ...f, image: { seriesUid: '1.2', sopUid: '1', frame: 1 } }).success).toBe(false);
    expect(ZFindingSchema.safeParse({ ...f, plane: undefined }).success).toBe(false);
  });
});
