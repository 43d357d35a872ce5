'use client';

import { cache, Enums, eventTarget, RenderingEngine, setVolumesForViewports, volumeLoader, type Types } from '@cornerstonejs/core';
import { type CrosshairsTool, Enums as ToolEnums, ToolGroupManager } from '@cornerstonejs/tools';
import { useEffect, useId, useRef, useState } from 'react';
import { initCornerstone, sharedAnnotationGroups } from './core/init';
import { nearestSlice, onSlice, type StackGeometry } from './core/volume';
import type { TLabel } from '@/server/contracts/label-schema';
import { dot } from '@/server/contracts/vec3';
import { dropLabelmapVolume, showLabelmapIn } from './segmentation/attach';
import { activateMprTool, createMprToolGroup, CROSSHAIRS, MPR_COLORS, setBrushSize, setThreshold, type ViewerTool } from './tools/tool-group';

const PLANES = [
  { name: 'Axial', orientation: Enums.OrientationAxis.AXIAL },
  { name: 'Sagittal', orientation: Enums.OrientationAxis.SAGITTAL },
  { name: 'Coronal', orientation: Enums.OrientationAxis.CORONAL },
] as const;

interface Props {
  seriesUid: string;
  /** The stack's image ids, every one already in the cache (the volume is built from them). */
  imageIds: string[];
  geometry: StackGeometry;
  /** The stack viewer's slice: the crosshairs' centre follows it, and moving the centre moves it. */
  index: number;
  onIndex(index: number): void;
  /** A point to centre the crosshairs on, once per `seq` (a finding shown from the findings panel). */
  focus?: MprFocus | null;
  voi: { lower: number; upper: number } | null;
  /** The stack viewport whose annotations the views share: findings drawn in either show in both where their plane is on screen. */
  annotationGroup: string;
  /** The stack's segmentation, once it is there: shown in the views and painted there with the segment tools. */
  labelmap: MprLabelmap | null;
  tool: ViewerTool;
  brushSize: number;
  threshold: [number, number];
  readOnly: boolean;
  arrowText(): string;
}

export interface MprLabelmap {
  segmentationId: string;
  labels: TLabel[];
  /** The stack's viewport: its segments' visibility and opacity are copied. */
  like: string;
}

export interface MprFocus {
  point: Types.Point3;
  seq: number;
}

type Crosshairs = InstanceType<typeof CrosshairsTool>;

const MPR_VOLUME = 'cornerstoneStreamingImageVolume:mpr-';
/** How many open MPR views show each volume. */
const inUse = new Map<string, number>();

/**
 * A volume is built from the cached images when its views open and dropped when the last of them
 * closes (a 500-slice CT reconstructs to half a gigabyte). Kept for the next opening, it was drawn
 * dark there: its texture's scaling went with the closed views' WebGL context.
 */
function holdVolume(volumeId: string) {
  inUse.set(volumeId, (inUse.get(volumeId) ?? 0) + 1);
  return () => {
    const left = inUse.get(volumeId)! - 1;
    inUse.set(volumeId, left);
    if (left) return;
    inUse.delete(volumeId);
    cache.removeVolumeLoadObject(volumeId);
  };
}

/**
 * Axial, sagittal and coronal reconstructions of the series beside the stack, with crosshairs:
 * dragging their centre in any view moves the others and the stack to that point. With a
 * finding tool chosen, the reader draws in them instead (see annotations/mapper: a finding on a
 * reconstructed plane that holds no acquired image keeps that plane).
 */
export function MprViews(p: Props) {
  const uid = useId().replace(/[^a-zA-Z0-9]/g, '');
  const engineId = `mpr-engine-${uid}`;
  const groupId = `mpr-tools-${uid}`;
  const viewportIds = PLANES.map((v) => `mpr-${v.name.toLowerCase()}-${uid}`);
  const elements = [useRef<HTMLDivElement>(null), useRef<HTMLDivElement>(null), useRef<HTMLDivElement>(null)];
  const tool = useRef<{ crosshairs: Crosshairs; viewports: Types.IVolumeViewport[] } | null>(null);
  const latest = useRef(p);
  latest.current = p;
  const [state, setState] = useState<string>('loading');
  /** Takes the segmentation off the views (before they go). */
  const labelmapOff = useRef<(() => void) | null>(null);
  const [painting, setPainting] = useState(false);
  /** The stack slice through the crosshairs' centre (tests and the overlay read it). */
  const [centerSlice, setCenterSlice] = useState<number | null>(null);

  useEffect(() => {
    const signal = { cancelled: false };
    const cleanups: (() => void)[] = [];
    (async () => {
      await initCornerstone();
      const volumeId = `${MPR_VOLUME}${p.seriesUid}`;
      cleanups.push(holdVolume(volumeId));
      const volume = cache.getVolume(volumeId) ?? (await volumeLoader.createAndCacheVolume(volumeId, { imageIds: p.imageIds }));
      (volume as unknown as { load?(): void }).load?.();
      if (signal.cancelled) return;
      const engine = new RenderingEngine(engineId);
      cleanups.push(() => engine.destroy());
      cleanups.push(() => {
        labelmapOff.current?.();
        labelmapOff.current = null;
      });
      for (const id of viewportIds) sharedAnnotationGroups.set(id, p.annotationGroup);
      cleanups.push(() => viewportIds.forEach((id) => sharedAnnotationGroups.delete(id)));
      engine.setViewports(
        PLANES.map((plane, i) => ({
          viewportId: viewportIds[i]!,
          type: Enums.ViewportType.ORTHOGRAPHIC,
          element: elements[i]!.current!,
          defaultOptions: { orientation: plane.orientation, background: [0, 0, 0] as Types.Point3 },
        })),
      );
      await setVolumesForViewports(engine, [{ volumeId }], viewportIds);
      if (signal.cancelled) return;
      const viewports = viewportIds.map((id) => engine.getViewport<Types.IVolumeViewport>(id));
      const voi = latest.current.voi;
      if (voi) for (const v of viewports) v.setProperties({ voiRange: voi });
      const resized = new ResizeObserver(() => engine.resize(true, true));
      for (const el of elements) resized.observe(el.current!);
      cleanups.push(() => resized.disconnect());
      const group = createMprToolGroup(groupId, engineId, viewportIds, () => latest.current.arrowText());
      activateMprTool(group, latest.current.tool, latest.current.readOnly, false);
      setBrushSize(groupId, latest.current.brushSize);
      setThreshold(groupId, latest.current.threshold);
      cleanups.push(() => {
        // The crosshairs' lines are annotations of the stack's group, which outlives these views.
        group.setToolDisabled(CROSSHAIRS);
        ToolGroupManager.destroyToolGroup(groupId);
      });
      const crosshairs = group.getToolInstance(CROSSHAIRS) as Crosshairs;
      tool.current = { crosshairs, viewports };
      cleanups.push(() => (tool.current = null));
      engine.renderViewports(viewportIds);
      // Start where the stack is.
      moveTo(latest.current.index);
      const onCenter = (e: Event) => {
        const d = (e as CustomEvent<{ toolGroupId: string; toolCenter: Types.Point3 }>).detail;
        if (d.toolGroupId !== groupId) return;
        const i = nearestSlice(latest.current.geometry, d.toolCenter);
        setCenterSlice(i);
        if (i !== latest.current.index) latest.current.onIndex(i);
      };
      eventTarget.addEventListener(ToolEnums.Events.CROSSHAIR_TOOL_CENTER_CHANGED, onCenter);
      cleanups.push(() => eventTarget.removeEventListener(ToolEnums.Events.CROSSHAIR_TOOL_CENTER_CHANGED, onCenter));
      setState('ready');
    })().catch((err: Error) => !signal.cancelled && setState(`Could not reconstruct the volume: ${err.message}`));
    return () => {
      signal.cancelled = true;
      for (const c of cleanups.reverse()) c();
    };
    // The series drives the views' life; the rest is read through `latest`.
  }, [p.seriesUid]);

  /**
   * Moves the crosshairs' centre onto the stack's slice `index`, without echoing it back. Onto it,
   * not only nearest to it: a volume's centre lies between two slices, where a view in the slices'
   * own plane blended the stack's image with its neighbour and drew the neighbour's paint.
   */
  function moveTo(index: number) {
    const t = tool.current;
    if (!t) return;
    const center = t.crosshairs.toolCenter;
    setCenterSlice(index);
    const g = latest.current.geometry;
    if (nearestSlice(g, center) === index && Math.abs(dot(center, g.normal) - g.positions[index]!) < 1e-3) return;
    t.crosshairs.setToolCenter(onSlice(g, center, index), true);
  }

  useEffect(() => moveTo(p.index), [p.index, state]);

  // After the stack's slice: the focus lies on the slice nearest to it, so moveTo leaves it be.
  useEffect(() => {
    if (p.focus) tool.current?.crosshairs.setToolCenter(p.focus.point);
  }, [p.focus?.seq, state]);

  useEffect(() => {
    const lm = p.labelmap;
    if (!lm || state !== 'ready' || !tool.current) return;
    const offs = viewportIds.map((id) => showLabelmapIn(id, lm.segmentationId, lm.labels, lm.like));
    labelmapOff.current = () => {
      offs.forEach((off) => off());
      dropLabelmapVolume(lm.segmentationId);
    };
    setPainting(true);
    return () => {
      labelmapOff.current?.();
      labelmapOff.current = null;
      setPainting(false);
    };
  }, [p.labelmap?.segmentationId, state]);

  useEffect(() => {
    const group = tool.current && ToolGroupManager.getToolGroup(groupId);
    if (group) activateMprTool(group, p.tool, p.readOnly, painting);
  }, [p.tool, p.readOnly, state, painting]);

  useEffect(() => {
    if (tool.current) setBrushSize(groupId, p.brushSize);
  }, [p.brushSize, state]);

  useEffect(() => {
    if (tool.current) setThreshold(groupId, p.threshold);
  }, [p.threshold[0], p.threshold[1], state]);

  useEffect(() => {
    const t = tool.current;
    if (!t || !p.voi) return;
    for (const v of t.viewports) {
      v.setProperties({ voiRange: p.voi });
      v.render();
    }
  }, [p.voi?.lower, p.voi?.upper, state]);

  return (
    <>
      {PLANES.map((plane, i) => (
        <div key={plane.name} className="viewer-mpr" role="group" aria-label={`${plane.name} reconstruction`} data-state={state === 'ready' || state === 'loading' ? state : 'error'} data-center-slice={centerSlice ?? ''}>
          <div className="viewer-canvas mpr" ref={elements[i]} aria-label={`${plane.name} view`} onContextMenu={(e) => e.preventDefault()} />
          <div className="viewer-overlay tl" style={{ color: MPR_COLORS[i] }}>{plane.name}{centerSlice !== null && ` · through Im ${centerSlice + 1}`}</div>
          {state !== 'ready' && state !== 'loading' && i === 0 && <div role="alert" className="viewer-error">{state}</div>}
        </div>
      ))}
    </>
  );
}
