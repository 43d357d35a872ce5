import { PLANE_TOOLS, type TFinding, type TFindingTool, type TPoint } from '@/server/contracts/annotation-doc/schema';

/**
 * Cornerstone annotations ↔ findings of the annotation document, one entry per tool. Pure: the
 * viewer passes in what it knows about images (ids and planes), so round trips are unit-tested
 * without a browser. Points are world coordinates, which cornerstone keeps in DICOM patient
 * space (LPS, mm), so findings hold patient coordinates.
 */
export const TOOL_NAMES: Record<TFindingTool, string> = {
  length: 'Length',
  bidirectional: 'Bidirectional',
  angle: 'Angle',
  rectangleRoi: 'RectangleROI',
  ellipseRoi: 'EllipticalROI',
  freehand: 'PlanarFreehandROI',
  spline: 'SplineROI',
  point: 'Probe',
  arrow: 'ArrowAnnotate',
  box: 'Box',
};
/** Splines are Catmull-Rom curves (through their control points), cornerstone's default. */
export const SPLINE_TYPE = 'CATMULLROM';
const SPLINE_RESOLUTION = 20;
const TOOLS_BY_NAME = new Map(Object.entries(TOOL_NAMES).map(([k, v]) => [v, k as TFindingTool]));

/** The measured values each tool reports, by cornerstone's cachedStats field, with their units. */
const VALUES: Record<TFindingTool, { field: string; name: string; unit: (s: Stats) => string }[]> = {
  length: [{ field: 'length', name: 'length', unit: (s) => str(s.unit, 'mm') }],
  bidirectional: [
    { field: 'length', name: 'long axis', unit: (s) => str(s.unit, 'mm') },
    { field: 'width', name: 'short axis', unit: (s) => str(s.unit, 'mm') },
  ],
  angle: [{ field: 'angle', name: 'angle', unit: () => 'deg' }],
  rectangleRoi: roiValues(),
  ellipseRoi: roiValues(),
  freehand: roiValues(),
  spline: roiValues(),
  point: [{ field: 'value', name: 'value', unit: (s) => str(s.modalityUnit, '') }],
  arrow: [],
  box: [{ field: 'area', name: 'area', unit: (s) => str(s.areaUnit, 'mm²') }],
};

function roiValues() {
  return [
    { field: 'area', name: 'area', unit: (s: Stats) => str(s.areaUnit, 'mm²') },
    { field: 'mean', name: 'mean', unit: (s: Stats) => str(s.modalityUnit, '') },
    { field: 'stdDev', name: 'sd', unit: (s: Stats) => str(s.modalityUnit, '') },
  ];
}

type Stats = Record<string, unknown>;
const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);

/** The part of a cornerstone annotation the mapper reads and writes. */
export interface CsAnnotation {
  annotationUID?: string;
  metadata: { toolName: string; referencedImageId?: string; FrameOfReferenceUID?: string; viewPlaneNormal?: number[]; viewUp?: number[] };
  data: {
    handles: { points: number[][]; activeHandleIndex?: number | null; textBox?: unknown };
    cachedStats?: Record<string, Stats>;
    contour?: { polyline: number[][]; closed: boolean };
    /** SplineROI: the curve's kind (cornerstone makes the instance on first render). */
    spline?: { type: string; resolution?: number };
    /** The text drawn beside it: the label's name, or an arrow's own text (cornerstone keeps that here). */
    label?: string;
  };
  highlighted?: boolean;
  invalidated?: boolean;
  isLocked?: boolean;
  isVisible?: boolean;
}

export interface ImageRefs {
  /** The series on screen and its frame of reference: an annotation drawn on a reconstructed plane of it (MPR) names no image. */
  series: { seriesUid: string; frameOfReferenceUid: string };
  /** image id → series, SOP instance and frame */
  refOf(imageId: string): { seriesUid: string; sopUid: string; frame: number } | null;
  /** SOP instance/frame → image id */
  imageIdOf(sopUid: string, frame: number): string | null;
  /** The plane of an image, for annotations rebuilt from the document. */
  planeOf(imageId: string): { frameOfReferenceUid: string; normal: number[]; viewUp: number[] } | null;
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;
const point = (p: number[]): TPoint => [round(p[0]!), round(p[1]!), round(p[2]!)];
/** A unit vector to 1e-6: a reconstruction's axes are exact, this drops float noise (and −0). */
const direction = (p: number[]): TPoint => [0, 1, 2].map((k) => Math.round(p[k]! * 1e6) / 1e6 + 0) as TPoint;

/** Where an annotation lies: an acquired image, or else a plane of the series' reconstruction (not for boxes, which belong to images). */
function placeOf(a: CsAnnotation, tool: TFindingTool, refs: ImageRefs): Pick<TFinding, 'image' | 'plane'> | null {
  const { referencedImageId, FrameOfReferenceUID, viewPlaneNormal, viewUp } = a.metadata;
  if (referencedImageId) {
    const ref = refs.refOf(referencedImageId);
    return ref && { image: { seriesUid: ref.seriesUid, sopUid: ref.sopUid, frame: ref.frame } };
  }
  if (!PLANE_TOOLS.includes(tool) || FrameOfReferenceUID !== refs.series.frameOfReferenceUid || viewPlaneNormal?.length !== 3 || viewUp?.length !== 3) return null;
  return { plane: { seriesUid: refs.series.seriesUid, normal: direction(viewPlaneNormal), viewUp: direction(viewUp) } };
}

export function isFindingTool(toolName: string) {
  return TOOLS_BY_NAME.has(toolName);
}

/** A cornerstone annotation as a finding (labelId and attributes come from the document). */
export function toFinding(a: CsAnnotation, refs: ImageRefs, keep: Pick<TFinding, 'labelId' | 'attributes'>): TFinding | null {
  const tool = TOOLS_BY_NAME.get(a.metadata.toolName);
  const place = tool && placeOf(a, tool, refs);
  if (!tool || !place || !a.annotationUID) return null;
  // Contours keep their outline as points (agreement and export read polygons); a spline also its control points.
  const raw = tool === 'freehand' || tool === 'spline' ? (a.data.contour?.polyline ?? []) : a.data.handles.points;
  const stats = Object.values(a.data.cachedStats ?? {})[0] ?? {};
  const values = VALUES[tool].flatMap(({ field, name, unit }) => {
    const v = stats[field];
    return typeof v === 'number' && Number.isFinite(v) ? [{ name, value: round(v), unit: unit(stats) }] : [];
  });
  return {
    id: a.annotationUID,
    labelId: keep.labelId,
    tool,
    ...place,
    points: raw.map(point),
    ...(tool === 'spline' ? { controlPoints: a.data.handles.points.map(point) } : {}),
    values,
    text: tool === 'arrow' ? (a.data.label ?? '') : '',
    attributes: keep.attributes,
  };
}

/** A finding as a cornerstone annotation to add to the annotation state (stats are recomputed on render). */
export function toAnnotation(f: TFinding, refs: ImageRefs, labelName: string | null): CsAnnotation | null {
  const points = f.points.map((p) => [...p]);
  const metadata = metadataOf(f, refs);
  if (!metadata) return null;
  return {
    annotationUID: f.id,
    highlighted: false,
    invalidated: true,
    isLocked: false,
    isVisible: true,
    metadata,
    data: {
      handles: { points: f.tool === 'freehand' ? [] : f.tool === 'spline' ? (f.controlPoints ?? f.points).map((p) => [...p]) : points, activeHandleIndex: null, ...(f.tool === 'arrow' || f.tool === 'length' || f.tool === 'bidirectional' ? { textBox: { hasMoved: false } } : {}) },
      cachedStats: {},
      ...(f.tool === 'freehand' || f.tool === 'spline' ? { contour: { polyline: points, closed: true } } : {}),
      ...(f.tool === 'spline' ? { spline: { type: SPLINE_TYPE, resolution: SPLINE_RESOLUTION } } : {}),
      label: f.tool === 'arrow' ? f.text : (labelName ?? ''),
    },
  };
}

/** Where cornerstone draws a finding: its image (the stack, and a reconstruction through it), or the plane of the series' reconstruction it was drawn on. */
function metadataOf(f: TFinding, refs: ImageRefs): CsAnnotation['metadata'] | null {
  const toolName = TOOL_NAMES[f.tool];
  if (f.plane) {
    if (f.plane.seriesUid !== refs.series.seriesUid) return null;
    return { toolName, FrameOfReferenceUID: refs.series.frameOfReferenceUid, viewPlaneNormal: [...f.plane.normal], viewUp: [...f.plane.viewUp] };
  }
  const imageId = f.image ? refs.imageIdOf(f.image.sopUid, f.image.frame) : null;
  const plane = imageId ? refs.planeOf(imageId) : null;
  if (!imageId || !plane) return null;
  return { toolName, referencedImageId: imageId, FrameOfReferenceUID: plane.frameOfReferenceUid, viewPlaneNormal: plane.normal, viewUp: plane.viewUp };
}
