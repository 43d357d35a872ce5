'use client';

import { Enums as CoreEnums, eventTarget, imageLoader, RenderingEngine, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, segmentation, ToolGroupManager, utilities } from '@cornerstonejs/tools';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { TOOL_KIND, type TFindingTool } from '@/server/contracts/annotation-doc/schema';
import type { TLabel } from '@/server/contracts/label-schema';
import { bindAnnotations } from './annotations/annotation-sync';
import { planeOf } from './core/geometry';
import { orientationMarkers, type Markers } from './core/orientation';
import { initCornerstone } from './core/init';
import { loadAll } from './core/load';
import { joinZoomPan } from './core/sync';
import { presetsFor, voiRange } from './core/presets';
import { listSeries, loadSeries, type LoadedSeries, type SeriesSummary } from './core/series';
import { Overlay } from './overlay';
import { bindLabelmap } from './segmentation/labelmap-sync';
import { segmentVolumes } from './segmentation/volumes';
import { hex } from './core/color';
import { SegmentList, type SegmentState } from './segmentation/segment-list';
import { activateTool, createToolGroup, enableOverlays, setBrushSize, setThreshold, type ViewerTool } from './tools/tool-group';
import { HeaderPanel } from './header-panel';
import { HelpOverlay } from './help';
import { type Classified, ModelLayer } from './model/model-layer';
import type { ModelRef } from './model/runner';
import { useViewerKeys } from './keyboard';
import { type Cursor, Cursors } from './layers/cursors';
import { type LayerMode, type ReadLayer, ReadLayers } from './layers/read-layers';
import type { LiveStack } from './model/model-layer';

/** Starts cornerstone's initialisation before the viewer mounts (its workers and codecs take a moment). */
export const preload = () => void initCornerstone();

export interface ViewerProps {
  dicomwebRoot: string;
  studyUid: string;
  /** The case's series when the case is one series; otherwise the first series is shown. */
  preferredSeriesUid: string | null;
  doc: Y.Doc;
  /** Transaction origin of this reader's edits (their undo history tracks it). */
  origin: object;
  readOnly: boolean;
  labels: TLabel[];
  activeLabelId: string | null;
  tool: ViewerTool;
  onToolChange(tool: ViewerTool): void;
  brushSize: number;
  threshold: [number, number];
  newId(): string;
  arrowText(): string;
  /** The project's segmentation model for suggestions, or null. */
  model?: ModelRef | null;
  /** A classifier answering one question from the image on screen, and where its answer goes. */
  classifier?: (ModelRef & { questionId: string }) | null;
  onClassified?(r: Classified | null): void;
  /** Other reads drawn over the image (adjudication): outlined, or as a disagreement map. */
  layers?: ReadLayer[];
  layerMode?: LayerMode;
  /** Shows this image (by index) whenever it changes: following someone else's viewport. */
  goTo?: number | null;
  /** The image on screen changed (presence): its index and frame key (`sop/frame`). */
  onIndex?(index: number, frame: string | null): void;
  /** Others' pointers, drawn on the image they are on; this user's pointer in image pixels. */
  cursors?: Cursor[];
  onPointer?(p: { x: number; y: number } | null): void;
  /** A small viewport among others (side by side): no toolbar, no segment list. */
  compact?: boolean;
  /** Viewers with the same sync group zoom and pan together (side by side). */
  syncGroup?: string | null;
}

interface Live {
  engine: RenderingEngine;
  viewport: Types.IStackViewport;
  series: LoadedSeries;
  labelmap?: ReturnType<typeof bindLabelmap>;
  annotations?: ReturnType<typeof bindAnnotations>;
  segmentationId?: string;
  /** Pixels per segment index on each labelmap slice (see segmentVolumes). */
  sliceCounts: Map<number, number[]>;
}

export interface ViewState {
  index: number;
  count: number;
  loaded: number;
  voi: { lower: number; upper: number } | null;
  zoom: number;
  invert: boolean;
  error: string | null;
  segmentsReady: boolean;
  /** Milliseconds since the page's navigation: first image drawn, every image loaded (the benchmark reads them). */
  firstImageMs: number | null;
  allLoadedMs: number | null;
  markers: Markers | null;
}

const initial: ViewState = { index: 0, count: 0, loaded: 0, voi: null, zoom: 1, invert: false, error: null, segmentsReady: false, firstImageMs: null, allLoadedMs: null, markers: null };

/**
 * The DICOM viewer: a stack viewport on Concord's DICOMweb, with the reader's annotation document
 * drawn on it and edited through cornerstone's tools. Data and callbacks come in through props.
 */
export function Viewer(props: ViewerProps) {
  const element = useRef<HTMLDivElement>(null);
  const uid = useId().replace(/[^a-zA-Z0-9]/g, '');
  const engineId = `engine-${uid}`;
  const viewportId = `stack-${uid}`;
  const groupId = `tools-${uid}`;
  const live = useRef<Live | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [seriesList, setSeriesList] = useState<SeriesSummary[]>([]);
  const [seriesUid, setSeriesUid] = useState<string | null>(null);
  const [view, setView] = useState<ViewState>(initial);
  const [segments, setSegments] = useState<SegmentState[]>([]);
  const [cineFps, setCineFps] = useState(0);
  const [showHelp, setShowHelp] = useState(false);
  const [showHeader, setShowHeader] = useState(false);
  const segLabels = props.labels.filter((l) => l.kind === 'segmentation');
  const stack = useCallback((): LiveStack | null => {
    const l = live.current;
    return l && { viewport: l.viewport, imageIds: l.series.imageIds, frameOf: (id) => l.series.frames.get(id) ?? null, refresh: () => l.labelmap?.refresh() };
  }, []);
  const onPointer = useCallback((pt: { x: number; y: number } | null) => latest.current.onPointer?.(pt), []);
  const suggestLabel = segLabels.find((l) => l.id === props.activeLabelId) ?? segLabels[0] ?? null;

  useEffect(() => {
    let gone = false;
    listSeries(props.dicomwebRoot, props.studyUid)
      .then((list) => {
        if (gone) return;
        setSeriesList(list);
        setSeriesUid(list.find((s) => s.seriesUid === props.preferredSeriesUid)?.seriesUid ?? list[0]?.seriesUid ?? null);
      })
      .catch((err: Error) => setView((v) => ({ ...v, error: `Could not list the study's series: ${err.message}` })));
    return () => {
      gone = true;
    };
  }, [props.dicomwebRoot, props.studyUid, props.preferredSeriesUid]);

  useEffect(() => {
    if (!seriesUid || !element.current) return;
    const el = element.current;
    const signal = { cancelled: false };
    const cleanups: (() => void)[] = [];
    setView(initial);
    (async () => {
      await initCornerstone();
      const series = await loadSeries(latest.current.dicomwebRoot, latest.current.studyUid, seriesUid);
      if (signal.cancelled) return;
      const engine = new RenderingEngine(engineId);
      cleanups.push(() => engine.destroy());
      engine.enableElement({ viewportId, type: CoreEnums.ViewportType.STACK, element: el, defaultOptions: { background: [0, 0, 0] } });
      const onRendered = () => {
        el.removeEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered);
        setView((v) => ({ ...v, firstImageMs: Math.round(performance.now()) }));
      };
      el.addEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered);
      cleanups.push(() => el.removeEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered));
      const group = createToolGroup(groupId, () => latest.current.arrowText());
      group.addViewport(viewportId, engineId);
      const viewport = engine.getViewport<Types.IStackViewport>(viewportId);
      // The page's layout can change the viewport's size (side by side, the window): keep the image's aspect.
      const resized = new ResizeObserver(() => engine.resize(true, true));
      resized.observe(el);
      cleanups.push(() => resized.disconnect());
      // A viewer that joins a synchronised group (side by side, follow) opens where the group is, not in the middle:
      // reporting its own middle slice first would pull the others there.
      const wanted = () => {
        const w = latest.current.goTo;
        return w !== null && w !== undefined && w >= 0 && w < series.imageIds.length ? w : null;
      };
      let start = wanted() ?? Math.floor(series.imageIds.length / 2);
      await viewport.setStack(series.imageIds, start);
      // The group may have moved while the first image loaded.
      const moved = wanted();
      if (moved !== null && moved !== start) {
        start = moved;
        await viewport.setImageIdIndex(start);
      }
      if (series.window) viewport.setProperties({ voiRange: voiRange(series.window) });
      enableOverlays(group);
      viewport.render();
      const l: Live = { engine, viewport, series, sliceCounts: new Map() };
      live.current = l;
      cleanups.push(() => (live.current = null));
      activateTool(group, latest.current.tool, latest.current.readOnly);
      setBrushSize(groupId, latest.current.brushSize);
      setView((v) => ({ ...v, index: start, count: series.imageIds.length, voi: viewport.getProperties().voiRange ?? null }));

      const refs = {
        refOf: (imageId: string) => {
          const r = series.frames.get(imageId);
          return r ? { seriesUid, ...r } : null;
        },
        imageIdOf: (sop: string, frame: number) => series.byFrame.get(`${sop}/${frame}`) ?? null,
        planeOf,
      };
      const annotations = bindAnnotations({
        doc: latest.current.doc,
        origin: latest.current.origin,
        element: el,
        refs,
        labels: latest.current.labels,
        labelFor: (tool) => labelFor(latest.current, tool),
        render: () => {
          viewport.render();
          utilities.triggerAnnotationRenderForViewportIds([viewportId]);
        },
      });
      l.annotations = annotations;
      const onChanged = (e: Event) => !latest.current.readOnly && annotations.onChanged(e);
      const onRemoved = (e: Event) => !latest.current.readOnly && annotations.onRemoved(e);
      for (const ev of [ToolEnums.Events.ANNOTATION_COMPLETED, ToolEnums.Events.ANNOTATION_MODIFIED]) eventTarget.addEventListener(ev, onChanged);
      eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
      cleanups.push(() => {
        for (const ev of [ToolEnums.Events.ANNOTATION_COMPLETED, ToolEnums.Events.ANNOTATION_MODIFIED]) eventTarget.removeEventListener(ev, onChanged);
        eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
        annotations.destroy();
      });

      const onNewImage = () => setView((v) => ({ ...v, index: viewport.getCurrentImageIdIndex() }));
      const onVoi = () => setView((v) => ({ ...v, voi: viewport.getProperties().voiRange ?? null, invert: Boolean(viewport.getProperties().invert) }));
      const onCamera = () => setView((v) => ({ ...v, zoom: viewport.getZoom(), markers: orientationMarkers(viewport.getCamera()) }));
      onCamera();
      el.addEventListener(CoreEnums.Events.STACK_NEW_IMAGE, onNewImage);
      el.addEventListener(CoreEnums.Events.VOI_MODIFIED, onVoi);
      el.addEventListener(CoreEnums.Events.CAMERA_MODIFIED, onCamera);
      cleanups.push(() => {
        el.removeEventListener(CoreEnums.Events.STACK_NEW_IMAGE, onNewImage);
        el.removeEventListener(CoreEnums.Events.VOI_MODIFIED, onVoi);
        el.removeEventListener(CoreEnums.Events.CAMERA_MODIFIED, onCamera);
      });

      await loadAll(series.imageIds, start, (loaded) => setView((v) => ({ ...v, loaded })), signal);
      setView((v) => ({ ...v, allLoadedMs: Math.round(performance.now()) }));
      if (signal.cancelled || !segLabelsOf(latest.current).length) return;

      // Labelmaps once every slice is in the cache (they are derived from the images' geometry).
      const segmentationId = `seg-${uid}-${seriesUid}`;
      const labelmapIds = imageLoader.createAndCacheDerivedLabelmapImages(series.imageIds).map((i) => i.imageId);
      segmentation.addSegmentations([{ segmentationId, representation: { type: ToolEnums.SegmentationRepresentations.Labelmap, data: { imageIds: labelmapIds } } }]);
      segmentation.addLabelmapRepresentationToViewportMap({ [viewportId]: [{ segmentationId }] });
      cleanups.push(() => segmentation.removeSegmentation(segmentationId));
      l.segmentationId = segmentationId;
      segLabelsOf(latest.current).forEach((label, i) => segmentation.config.color.setSegmentIndexColor(viewportId, segmentationId, i + 1, [...hex(label.color), 255] as Types.Color));
      const labelmap = bindLabelmap({
        doc: latest.current.doc,
        origin: latest.current.origin,
        segmentationId,
        seriesUid,
        imageIds: series.imageIds,
        labelmapIds,
        refOf: (id) => series.frames.get(id) ?? null,
        labelIds: segLabelsOf(latest.current).map((s) => s.id),
        newId: () => latest.current.newId(),
        onRedraw: () => l.segmentationId && setSegments(segmentVolumes(l, segLabelsOf(latest.current))),
      });
      l.labelmap = labelmap;
      let dirty: ReturnType<typeof setTimeout> | null = null;
      const touched = new Set<number>();
      const onSegmentation = (e: Event) => {
        const d = (e as CustomEvent<{ segmentationId: string }>).detail;
        if (d.segmentationId !== segmentationId || latest.current.readOnly) return;
        // On a stack each labelmap is one image (the event's slice numbers are within it): the edit is on the shown image.
        touched.add(viewport.getCurrentImageIdIndex());
        if (dirty) clearTimeout(dirty);
        dirty = setTimeout(() => {
          const slices = [...touched];
          touched.clear();
          labelmap.flush(slices);
          setSegments(segmentVolumes(l, segLabelsOf(latest.current), slices));
        }, 200);
      };
      eventTarget.addEventListener(ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, onSegmentation);
      cleanups.push(() => {
        if (dirty) clearTimeout(dirty);
        eventTarget.removeEventListener(ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, onSegmentation);
        labelmap.destroy();
      });
      setSegments(segmentVolumes(l, segLabelsOf(latest.current)));
      setView((v) => ({ ...v, segmentsReady: true }));
      activateTool(group, latest.current.tool, latest.current.readOnly);
    })().catch((err: Error) => !signal.cancelled && setView((v) => ({ ...v, error: `Could not show the series: ${err.message}` })));
    return () => {
      signal.cancelled = true;
      for (const c of cleanups.reverse()) c();
    };
    // The series drives the viewport's life; other props are read through `latest`.
  }, [seriesUid]);

  useEffect(() => {
    const group = live.current ? (ToolGroupManager.getToolGroup(groupId) ?? null) : null;
    if (group) activateTool(group, props.tool, props.readOnly);
  }, [props.tool, props.readOnly, groupId, view.segmentsReady]);

  useEffect(() => {
    if (live.current) setBrushSize(groupId, props.brushSize);
  }, [props.brushSize, groupId, view.count]);

  useEffect(() => {
    if (live.current) setThreshold(groupId, props.threshold);
  }, [props.threshold, groupId, view.count]);

  useEffect(() => {
    const l = live.current;
    const idx = segLabels.findIndex((s) => s.id === props.activeLabelId);
    if (l?.segmentationId && idx >= 0) segmentation.segmentIndex.setActiveSegmentIndex(l.segmentationId, idx + 1);
  }, [props.activeLabelId, view.segmentsReady, segLabels]);

  useEffect(() => {
    if (props.syncGroup && view.count) return joinZoomPan(props.syncGroup, { renderingEngineId: engineId, viewportId });
  }, [props.syncGroup, view.count, engineId, viewportId]);

  useEffect(() => {
    if (props.goTo !== null && props.goTo !== undefined && live.current && props.goTo < live.current.series.imageIds.length) void live.current.viewport.setImageIdIndex(props.goTo);
  }, [props.goTo, view.count]);

  useEffect(() => {
    const l = live.current;
    const ref = l && view.count ? l.series.frames.get(l.series.imageIds[view.index] ?? '') : null;
    if (view.count) latest.current.onIndex?.(view.index, ref ? `${ref.sopUid}/${ref.frame}` : null);
  }, [view.index, view.count]);

  useEffect(() => {
    if (!cineFps) return;
    const t = setInterval(() => {
      const l = live.current;
      if (!l) return;
      const n = l.series.imageIds.length;
      void l.viewport.setImageIdIndex((l.viewport.getCurrentImageIdIndex() + 1) % n);
    }, 1000 / cineFps);
    return () => clearInterval(t);
  }, [cineFps]);

  const actions = {
    scroll: (delta: number) => {
      const l = live.current;
      if (!l) return;
      const n = l.series.imageIds.length;
      void l.viewport.setImageIdIndex(Math.max(0, Math.min(n - 1, l.viewport.getCurrentImageIdIndex() + delta)));
    },
    goTo: (i: number) => void live.current?.viewport.setImageIdIndex(i),
    preset: (p: { width: number; center: number }) => {
      live.current?.viewport.setProperties({ voiRange: voiRange(p) });
      live.current?.viewport.render();
    },
    autoWindow: () => {
      const l = live.current;
      if (!l) return;
      l.viewport.resetProperties();
      if (l.series.window) l.viewport.setProperties({ voiRange: voiRange(l.series.window) });
      l.viewport.render();
    },
    invert: () => {
      const v = live.current?.viewport;
      if (!v) return;
      v.setProperties({ invert: !v.getProperties().invert });
      v.render();
      setView((s) => ({ ...s, invert: Boolean(v.getProperties().invert) }));
    },
    reset: () => {
      const v = live.current?.viewport;
      if (!v) return;
      v.resetCamera();
      v.setViewPresentation({ rotation: 0, flipHorizontal: false, flipVertical: false });
      v.render();
    },
    rotate: (deg: number) => {
      const v = live.current?.viewport;
      if (!v) return;
      v.setViewPresentation({ rotation: ((v.getViewPresentation().rotation ?? 0) + deg + 360) % 360 });
      v.render();
    },
    flip: (axis: 'h' | 'v') => {
      const v = live.current?.viewport;
      if (!v) return;
      const p = v.getViewPresentation();
      v.setViewPresentation(axis === 'h' ? { flipHorizontal: !p.flipHorizontal } : { flipVertical: !p.flipVertical });
      v.render();
    },
    cine: () => setCineFps((f) => (f ? 0 : 15)),
    help: () => setShowHelp((h) => !h),
    header: () => setShowHeader((h) => !h),
  };
  useViewerKeys(element, { ...actions, tool: (t) => props.onToolChange(t), presets: presetsFor(live.current?.series.modality ?? ''), readOnly: props.readOnly });

  const modality = live.current?.series.modality ?? '';
  const current = seriesList.find((s) => s.seriesUid === seriesUid);
  return (
    <div className="viewer" data-testid="viewer" data-slice={view.index} data-count={view.count} data-loaded={view.loaded} data-segments-ready={view.segmentsReady ? 'yes' : 'no'} data-first-image-ms={view.firstImageMs ?? ''} data-all-loaded-ms={view.allLoadedMs ?? ''}>
      {!props.compact && <div className="viewer-bar" role="toolbar" aria-label="Image">
        <select aria-label="Series" value={seriesUid ?? ''} onChange={(e) => setSeriesUid(e.target.value)}>
          {seriesList.map((s) => (
            <option key={s.seriesUid} value={s.seriesUid}>
              {s.number ?? '–'} · {s.modality} {s.description} ({s.instances})
            </option>
          ))}
        </select>
        {presetsFor(modality).map((p) => (
          <button key={p.label} className="btn btn-sm" title={`${p.label} (${p.key})`} onClick={() => actions.preset(p)}>
            {p.label}
          </button>
        ))}
        <button className="btn btn-sm" title="Window from the image (A)" onClick={actions.autoWindow}>Auto W/L</button>
        <button className="btn btn-sm" title="Invert (I)" aria-pressed={view.invert} onClick={actions.invert}>Invert</button>
        <button className="btn btn-sm" title="Rotate 90° (])" onClick={() => actions.rotate(90)}>⟳</button>
        <button className="btn btn-sm" title="Flip horizontally (H)" onClick={() => actions.flip('h')}>⇋</button>
        <button className="btn btn-sm" title="Flip vertically (V)" onClick={() => actions.flip('v')}>⇵</button>
        <button className="btn btn-sm" title="Reset view (R)" onClick={actions.reset}>Reset</button>
        <button className="btn btn-sm" title="Cine (Space)" aria-pressed={cineFps > 0} onClick={actions.cine}>{cineFps ? `■ ${cineFps} fps` : '▶ Cine'}</button>
        {cineFps > 0 && <input aria-label="Cine frames per second" type="range" min={1} max={60} value={cineFps} onChange={(e) => setCineFps(Number(e.target.value))} />}
        <button className="btn btn-sm" title="DICOM header of this image (U)" aria-pressed={showHeader} onClick={actions.header}>Header</button>
        <button className="btn btn-sm" title="Keyboard shortcuts (?)" onClick={actions.help}>?</button>
      </div>}
      <div className="viewer-main">
        <div className="viewer-canvas" ref={element} tabIndex={0} aria-label="Image viewport" onContextMenu={(e) => e.preventDefault()} />
        <Overlay view={view} series={current} modality={modality} />
        <ModelLayer
          element={element}
          stack={stack}
          seriesUid={seriesUid}
          view={view}
          suggesting={props.tool === 'suggest'}
          readOnly={props.readOnly}
          label={suggestLabel}
          model={props.model}
          classifier={props.classifier}
          onClassified={(r) => latest.current.onClassified?.(r)}
          doc={props.doc}
          origin={props.origin}
          newId={() => latest.current.newId()}
        />
        {props.cursors && <Cursors element={element} stack={stack} index={view.index} cursors={props.cursors} onPointer={onPointer} />}
        {props.layers && (
          <ReadLayers element={element} stack={stack} index={view.index} count={view.loaded === view.count ? view.count : 0} layers={props.layers} labelIds={segLabels.map((l) => l.id)} mode={props.layerMode ?? 'overlay'} />
        )}
        {view.count > 0 && view.loaded < view.count && (
          <div className="viewer-progress" role="progressbar" aria-label="Loading images" aria-valuenow={view.loaded} aria-valuemax={view.count}>
            <div style={{ width: `${(100 * view.loaded) / view.count}%` }} />
          </div>
        )}
        {view.error && <div role="alert" className="viewer-error">{view.error}</div>}
        {showHelp && <HelpOverlay onClose={() => setShowHelp(false)} />}
        {showHeader && <HeaderPanel metadata={live.current?.series.metadata.get(live.current.series.imageIds[view.index] ?? '') ?? null} onClose={() => setShowHeader(false)} />}
        {view.count > 1 && (
          <input className="viewer-slider" aria-label="Slice" type="range" min={0} max={view.count - 1} value={view.index} onChange={(e) => actions.goTo(Number(e.target.value))} />
        )}
      </div>
      {segLabels.length > 0 && !props.compact && (
        <SegmentList
          labels={segLabels}
          segments={segments}
          ready={view.segmentsReady}
          viewportId={viewportId}
          segmentationId={live.current?.segmentationId ?? null}
        />
      )}
    </div>
  );
}


const segLabelsOf = (p: ViewerProps) => p.labels.filter((l) => l.kind === 'segmentation');

function labelFor(p: ViewerProps, tool: TFindingTool): string | null {
  const kind = TOOL_KIND[tool];
  const active = p.labels.find((l) => l.id === p.activeLabelId);
  if (active?.kind === kind) return active.id;
  return p.labels.find((l) => l.kind === kind)?.id ?? null;
}
