import type { ViewerTool } from './tool-group';

/** The labelmap tools of the segment list, in the toolbar's order (here, apart from cornerstone, so the page's panels can list them). */
export const SEGMENT_TOOLS = ['brush', 'sphereBrush', 'eraser', 'thresholdBrush', 'rectangleScissors', 'circleScissors', 'fill'] as const satisfies readonly ViewerTool[];
