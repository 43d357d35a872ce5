import { utilities as csUtils } from '@cornerstonejs/core';
import {
  addTool,
  annotation,
  AngleTool,
  ArrowAnnotateTool,
  BidirectionalTool,
  BrushTool,
  CircleScissorsTool,
  CrosshairsTool,
  Enums as ToolEnums,
  EllipticalROITool,
  LengthTool,
  OrientationMarkerTool,
  PaintFillTool,
  PanTool,
  PlanarFreehandROITool,
  SplineROITool,
  PlanarRotateTool,
  ProbeTool,
  RectangleROITool,
  RectangleScissorsTool,
  ScaleOverlayTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  utilities,
} from '@cornerstonejs/tools';
import { FINDING_TOOLS, PLANE_TOOLS, type TFindingTool } from '@/server/contracts/annotation-doc/schema';
import { TOOL_NAMES } from '../annotations/mapper';
import { SEGMENT_TOOLS } from './segment-tools';

const { MouseBindings, KeyboardBindings } = ToolEnums;

/** The tools a reader picks for the left mouse button. */
export const VIEWER_TOOLS = [
  'windowLevel',
  'pan',
  'zoom',
  'rotate',
  'length',
  'bidirectional',
  'angle',
  'rectangleRoi',
  'ellipseRoi',
  'freehand',
  'spline',
  'point',
  'arrow',
  'box',
  'brush',
  'sphereBrush',
  'eraser',
  'thresholdBrush',
  'rectangleScissors',
  'circleScissors',
  'fill',
  'suggest',
] as const;
export type ViewerTool = (typeof VIEWER_TOOLS)[number];

const CS_NAME: Record<ViewerTool, string> = {
  windowLevel: 'WindowLevel',
  pan: 'Pan',
  zoom: 'Zoom',
  rotate: 'PlanarRotate',
  ...TOOL_NAMES,
  brush: 'CircularBrush',
  sphereBrush: 'SphereBrush',
  eraser: 'CircularEraser',
  thresholdBrush: 'ThresholdBrush',
  rectangleScissors: 'RectangleScissor',
  circleScissors: 'CircleScissor',
  fill: 'PaintFill',
  // The model's suggest tool handles the left button itself (see model/suggest-layer).
  suggest: '',
};

/** The scale bar's distance from the viewport's bottom edge, in CSS pixels (the page's floating bars sit above it: --viewer-bar-bottom). */
const SCALE_BAR_FROM_BOTTOM = 34;

type ScaleBounds = (size: { width: number; height: number }, h: number, v: number, location: string) => { width: number; height: number };

type RenderArgs = Parameters<ScaleOverlayTool['renderAnnotation']>;

/**
 * Cornerstone's scale bar sits 5% of the height above the bottom edge: 14 px in a side-by-side
 * viewer, across the W/L line and the bottom orientation marker. This one keeps it above them.
 * It also measures the image's visible extent when it draws, not only when the camera moves: a
 * viewport the layout resized (MPR opening) kept the extent of a moment when it was a few pixels
 * wide, and showed a 5 mm bar.
 */
class ScaleBarTool extends ScaleOverlayTool {
  static toolName = 'ScaleOverlay';
  constructor(...args: ConstructorParameters<typeof ScaleOverlayTool>) {
    super(...args);
    const bounds = this.computeScaleBounds as ScaleBounds;
    this.computeScaleBounds = ((size, h, v, location) => {
      const b = bounds(size, h, v, location);
      return location === 'bottom' ? { ...b, height: size.height - SCALE_BAR_FROM_BOTTOM } : b;
    }) satisfies ScaleBounds;
  }

  renderAnnotation(...[enabled, svg]: RenderArgs) {
    const { viewport } = enabled;
    const own = annotation.state.getAnnotations(ScaleBarTool.toolName, viewport.element).find((a) => (a.data as { viewportId?: string }).viewportId === viewport.id);
    const corners = own && csUtils.getViewportImageCornersInWorld(viewport);
    if (own && corners?.length === 4) own.data.handles!.points = corners;
    return super.renderAnnotation(enabled, svg);
  }
}

type TargetImageData = ReturnType<ProbeTool['getTargetImageData']>;

/**
 * Cornerstone's probe reads a stack image's pixel at k = the image's index in the stack, but a
 * stack image's voxels are one slice (k = 0): on any image after the first its value came back
 * undefined and the point was stored without one. This probe reads the image it was placed on.
 */
class StackProbeTool extends ProbeTool {
  static toolName = 'Probe';
  getTargetImageData(targetId: string): TargetImageData {
    const data = super.getTargetImageData(targetId);
    if (!data?.voxelManager || !targetId.startsWith('imageId:') || data.dimensions[2] !== 1) return data;
    const voxels = data.voxelManager;
    const getAtIJKPoint = ([i, j]: number[]) => voxels.getAtIJKPoint([i!, j!, 0]);
    return { ...data, voxelManager: Object.assign(Object.create(voxels) as typeof voxels, { getAtIJKPoint }) };
  }
}

let registered = false;
function register() {
  if (registered) return;
  registered = true;
  for (const t of [WindowLevelTool, PanTool, ZoomTool, PlanarRotateTool, StackScrollTool, LengthTool, BidirectionalTool, AngleTool, RectangleROITool, EllipticalROITool, PlanarFreehandROITool, SplineROITool, StackProbeTool, ArrowAnnotateTool, BrushTool, RectangleScissorsTool, CircleScissorsTool, PaintFillTool, ScaleBarTool, OrientationMarkerTool, CrosshairsTool]) addTool(t);
}

/**
 * One tool group per viewer: the chosen tool on the left button, pan on the middle button
 * (or Ctrl+left), zoom on the right button (or Shift+left), slice scrolling on the wheel.
 */
export function createToolGroup(id: string, arrowText: () => string) {
  register();
  ToolGroupManager.destroyToolGroup(id);
  const group = ToolGroupManager.createToolGroup(id)!;
  for (const name of ['WindowLevel', 'Pan', 'Zoom', 'PlanarRotate', 'StackScroll', 'ScaleOverlay']) {
    group.addTool(name);
  }
  addFindingTools(group, arrowText, FINDING_TOOLS);
  addSegmentTools(group);
  bindNavigation(group);
  return group;
}

function addSegmentTools(group: Group) {
  for (const name of ['RectangleScissor', 'CircleScissor', 'PaintFill']) group.addTool(name);
  group.addToolInstance('CircularBrush', 'Brush', { activeStrategy: 'FILL_INSIDE_CIRCLE' });
  // On a stack the sphere paints the neighbouring slices too (cornerstone builds a volume of the stack's labelmaps).
  group.addToolInstance('SphereBrush', 'Brush', { activeStrategy: 'FILL_INSIDE_SPHERE' });
  group.addToolInstance('CircularEraser', 'Brush', { activeStrategy: 'ERASE_INSIDE_CIRCLE' });
  group.addToolInstance('ThresholdBrush', 'Brush', { activeStrategy: 'THRESHOLD_INSIDE_CIRCLE' });
}

/** The finding tools of `tools` (the box is a second rectangle tool), each leading its text with the finding's label. */
function addFindingTools(group: Group, arrowText: () => string, tools: readonly TFindingTool[]) {
  for (const tool of tools) {
    const name = TOOL_NAMES[tool];
    if (tool === 'arrow') group.addTool(name, { getTextCallback: (done: (t: string) => void) => done(arrowText()), changeTextCallback: (_d: unknown, _e: unknown, done: (t: string) => void) => done(arrowText()) });
    else {
      if (tool === 'box') group.addToolInstance(name, 'RectangleROI', { calculateStats: true });
      else group.addTool(name);
      leadWithLabel(group, name);
    }
  }
}

type TextLines = (data: { label?: string }, targetId: string) => string[] | undefined;

/**
 * Cornerstone's text boxes show a finding's values only; ours lead with its label's name (which
 * annotation-sync keeps in `data.label`), so that findings of different labels read apart in
 * print and to a reader who does not tell the colours apart. An arrow's label is its own text.
 */
function leadWithLabel(group: Group, toolName: string) {
  const values = (group.getToolInstance(toolName) as { configuration?: { getTextLines?: TextLines } } | undefined)?.configuration?.getTextLines;
  if (!values) return;
  const getTextLines: TextLines = (data, targetId) => {
    const lines = values(data, targetId) ?? [];
    return data.label ? [data.label, ...lines] : lines;
  };
  group.setToolConfiguration(toolName, { getTextLines });
}

type Group = NonNullable<ReturnType<typeof ToolGroupManager.getToolGroup>>;

/** Pan on the middle button (or Ctrl+left), zoom on the right (or Shift+left), slices on the wheel. */
function bindNavigation(group: Group) {
  group.setToolActive('Pan', { bindings: [{ mouseButton: MouseBindings.Auxiliary }, { mouseButton: MouseBindings.Primary, modifierKey: KeyboardBindings.Ctrl }] });
  group.setToolActive('Zoom', { bindings: [{ mouseButton: MouseBindings.Secondary }, { mouseButton: MouseBindings.Primary, modifierKey: KeyboardBindings.Shift }] });
  group.setToolActive('StackScroll', { bindings: [{ mouseButton: MouseBindings.Wheel }] });
}

/** Cornerstone's name of the crosshairs tool (its static `toolName` is untyped). */
export const CROSSHAIRS = 'Crosshairs';

/** The colour of each MPR view's reference lines, as drawn in the other views. */
export const MPR_COLORS = ['#ef4444', '#eab308', '#22c55e'];

/**
 * The MPR views' tool group: crosshairs on the left button (drag the centre or a line) unless a
 * finding tool is chosen (see activateMprTool), zoom and pan as in the stack viewer, slice
 * scrolling on the wheel. Findings are drawn with the stack's tools, but for boxes, which belong
 * to acquired images.
 */
export function createMprToolGroup(id: string, engineId: string, viewportIds: string[], arrowText: () => string) {
  register();
  ToolGroupManager.destroyToolGroup(id);
  const group = ToolGroupManager.createToolGroup(id)!;
  // Crosshairs find their centre from the views they are activated on: views first.
  for (const v of viewportIds) group.addViewport(v, engineId);
  for (const name of ['Pan', 'Zoom', 'StackScroll']) group.addTool(name);
  group.addTool(CROSSHAIRS, {
    getReferenceLineColor: (viewportId: string) => MPR_COLORS[viewportIds.indexOf(viewportId)] ?? '#94a3b8',
    getReferenceLineControllable: () => true,
    // Draggable lines are also what lets a click jump the centre to the clicked point.
    getReferenceLineDraggableRotatable: () => true,
    getReferenceLineSlabThicknessControlsOn: () => false,
  });
  group.setToolActive(CROSSHAIRS, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  addFindingTools(group, arrowText, PLANE_TOOLS);
  addSegmentTools(group);
  bindNavigation(group);
  return group;
}

/**
 * The MPR views' left button: the reader's tool when it draws findings there, or paints once the
 * views show the segmentation (`painting`); else the crosshairs. Findings stay editable
 * (passive), or only drawn when read-only; the crosshairs stay drawn while another tool is on.
 */
export function activateMprTool(group: Group, tool: ViewerTool, readOnly: boolean, painting: boolean) {
  const finding = (PLANE_TOOLS as readonly string[]).includes(tool) ? TOOL_NAMES[tool as TFindingTool] : null;
  const paint = painting && (SEGMENT_TOOLS as readonly string[]).includes(tool) ? CS_NAME[tool] : null;
  const drawing = readOnly ? null : (finding ?? paint);
  for (const t of PLANE_TOOLS) {
    if (readOnly) group.setToolEnabled(TOOL_NAMES[t]);
    else if (TOOL_NAMES[t] !== drawing) group.setToolPassive(TOOL_NAMES[t]);
  }
  for (const t of SEGMENT_TOOLS) if (CS_NAME[t] !== drawing) group.setToolDisabled(CS_NAME[t]);
  if (drawing) {
    // Drawn, not grabbed: a line drawn across the crosshairs must not move them.
    group.setToolEnabled(CROSSHAIRS);
    group.setToolActive(drawing, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  } else group.setToolActive(CROSSHAIRS, { bindings: [{ mouseButton: MouseBindings.Primary }] });
}

/** Overlays that need a viewport with an image: enabled once the stack is set. */
export function enableOverlays(group: Group) {
  group.setToolEnabled('ScaleOverlay');
}

/** Puts `tool` on the left button; other annotation tools stay passive so their annotations remain editable. */
export function activateTool(group: Group, tool: ViewerTool, readOnly: boolean) {
  const primary = group.getActivePrimaryMouseButtonTool();
  if (primary && primary !== 'Pan' && primary !== 'Zoom') group.setToolPassive(primary);
  // Annotation tools not on the button stay passive (drawn, and their handles editable), or only drawn when read-only.
  for (const name of Object.values(TOOL_NAMES)) {
    if (readOnly) group.setToolEnabled(name);
    else if (group.getToolOptions(name)?.mode !== ToolEnums.ToolModes.Active) group.setToolPassive(name);
  }
  const wanted = readOnly && !['windowLevel', 'pan', 'zoom', 'rotate'].includes(tool) ? 'windowLevel' : tool;
  if (!CS_NAME[wanted]) return;
  group.setToolActive(CS_NAME[wanted], { bindings: [{ mouseButton: MouseBindings.Primary }] });
}

export function setBrushSize(groupId: string, size: number) {
  utilities.segmentation.setBrushSizeForToolGroup(groupId, size);
}

export function setThreshold(groupId: string, range: [number, number]) {
  utilities.segmentation.setBrushThresholdForToolGroup(groupId, { range, isDynamic: false, dynamicRadius: 0 });
}
