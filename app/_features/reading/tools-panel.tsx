'use client';

import { useEffect, useMemo, useState } from 'react';
import { FINDING_TOOLS, TOOL_KIND } from '@/server/contracts/annotation-doc/schema';
import type { TLabel } from '@/server/contracts/label-schema';
import type { ViewerTool } from '@/app/_viewer/tools/tool-group';
import { SEGMENT_TOOLS } from '@/app/_viewer/tools/segment-tools';
import { useWebGl } from '@/app/_viewer/core/webgl';

const NAV: ViewerTool[] = ['windowLevel', 'pan', 'zoom', 'rotate'];
export const TOOL_LABELS: Record<ViewerTool, [string, string]> = {
  windowLevel: ['W/L', 'W'],
  pan: ['Pan', 'P'],
  zoom: ['Zoom', 'Z'],
  rotate: ['Rotate', ''],
  length: ['Length', 'L'],
  bidirectional: ['Bidirectional', 'D'],
  angle: ['Angle', 'G'],
  rectangleRoi: ['Rectangle ROI', 'O'],
  ellipseRoi: ['Ellipse ROI', 'E'],
  freehand: ['Freehand', 'F'],
  spline: ['Spline', 'C'],
  point: ['Point', 'T'],
  arrow: ['Arrow', 'K'],
  box: ['Box', 'X'],
  brush: ['Brush', 'B'],
  sphereBrush: ['Sphere brush', '⇧B'],
  eraser: ['Eraser', '⇧E'],
  thresholdBrush: ['Threshold brush', 'J'],
  rectangleScissors: ['Rect. scissors', ''],
  circleScissors: ['Circle scissors', ''],
  fill: ['Fill', ''],
  suggest: ['Suggest (model)', 'S'],
};

/**
 * The tools the project's label schema calls for, navigation tools first; model suggestions where
 * there is a model and something to segment. Segmentation needs WebGL (labelmaps are drawn with it).
 */
export function toolsFor(labels: TLabel[], model: boolean, webgl = true): ViewerTool[] {
  const kinds = new Set(labels.map((l) => l.kind));
  const seg = webgl && kinds.has('segmentation');
  return [...NAV, ...FINDING_TOOLS.filter((t) => kinds.has(TOOL_KIND[t])), ...(seg ? SEGMENT_TOOLS : []), ...(seg && model ? (['suggest'] as const) : [])];
}

/**
 * What a page offers for drawing and the user's choice in it: the tools and the labels they can draw
 * (segmentation drops out once the viewer finds no WebGL), the tool in use (a
 * choice no longer offered falls back to W/L) and the active label (the first drawable one when unset
 * or no longer offered).
 */
export function useToolChoice(labels: TLabel[], model: boolean) {
  const webgl = useWebGl();
  const tools = useMemo(() => toolsFor(labels, model, webgl), [labels, model, webgl]);
  const toolLabels = useMemo(() => (webgl ? labels : labels.filter((l) => l.kind !== 'segmentation')), [labels, webgl]);
  const [chosen, choose] = useState<ViewerTool>('windowLevel');
  const [activeLabelId, setActiveLabelId] = useState<string | null>(null);
  useEffect(() => {
    if (toolLabels[0] && !toolLabels.some((l) => l.id === activeLabelId)) setActiveLabelId(toolLabels[0].id);
  }, [toolLabels, activeLabelId]);
  const tool: ViewerTool = tools.includes(chosen) ? chosen : 'windowLevel';
  return { webgl, tools, toolLabels, tool, choose, activeLabelId, setActiveLabelId };
}

interface Props {
  tools: ViewerTool[];
  tool: ViewerTool;
  onTool(t: ViewerTool): void;
  labels: TLabel[];
  activeLabelId: string | null;
  onLabel(id: string): void;
  brushSize: number;
  onBrushSize(n: number): void;
  threshold: [number, number];
  onThreshold(t: [number, number]): void;
  readOnly: boolean;
}

export function ToolsPanel(p: Props) {
  const segmentation = p.tools.includes('brush');
  return (
    <section className="stack" style={{ gap: 8 }} aria-label="Tools">
      <div className="tool-grid" role="toolbar" aria-label="Annotation tools">
        {p.tools.map((t) => (
          <button
            key={t}
            className={`btn btn-sm${p.tool === t ? ' btn-active' : ''}`}
            aria-pressed={p.tool === t}
            disabled={p.readOnly && !NAV.includes(t)}
            title={TOOL_LABELS[t][1] ? `${TOOL_LABELS[t][0]} (${TOOL_LABELS[t][1]})` : TOOL_LABELS[t][0]}
            onClick={() => p.onTool(t)}
          >
            {TOOL_LABELS[t][0]}
          </button>
        ))}
      </div>
      {p.labels.length > 0 && (
        <label className="row" style={{ gap: 6 }}>
          <span className="muted">Label</span>
          <select aria-label="Active label" value={p.activeLabelId ?? ''} onChange={(e) => p.onLabel(e.target.value)}>
            {p.labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.kind})
              </option>
            ))}
          </select>
        </label>
      )}
      {segmentation && (
        <div className="row" style={{ gap: 6, flexWrap: 'wrap' }}>
          <label className="row" style={{ gap: 4 }}>
            <span className="muted">Brush</span>
            <input aria-label="Brush size" type="range" min={1} max={50} value={p.brushSize} onChange={(e) => p.onBrushSize(Number(e.target.value))} />
            <span className="muted">{p.brushSize} px</span>
          </label>
          <label className="row" style={{ gap: 4 }}>
            <span className="muted">Threshold</span>
            <input className="inline" aria-label="Threshold low" type="number" style={{ width: 70 }} value={p.threshold[0]} onChange={(e) => p.onThreshold([Number(e.target.value), p.threshold[1]])} />
            –
            <input className="inline" aria-label="Threshold high" type="number" style={{ width: 70 }} value={p.threshold[1]} onChange={(e) => p.onThreshold([p.threshold[0], Number(e.target.value)])} />
          </label>
        </div>
      )}
    </section>
  );
}
