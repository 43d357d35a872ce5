'use client';

import { Enums as CoreEnums, eventTarget, getShouldUseCPURendering, RenderingEngine, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, segmentation, ToolGroupManager, utilities } from '@cornerstonejs/tools';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { frameKey } from '@/server/contracts/annotation-doc/runs';
import { TOOL_KIND, type TFindingTool } from '@/server/contracts/annotation-doc/schema';
import type { TLabel } from '@/server/contracts/label-schema';
import type { TClassLabels } from '@/server/contracts/model/config';
import { bindAnnotations } from './annotations/annotation-sync';
import { planeModule, planeOf } from './core/geometry';
import { orientationMarkers } from './core/orientation';
import { initCornerstone, viewportsSharing } from './core/init';
import { loadAll } from './core/load';
import { joinZoomPan } from './core/sync';
import { presetsFor, voiRange } from './core/presets';
import { LAYOUTS, type Layout, ViewerToolbar } from './toolbar';
import { viewportActions } from './view-actions';
import { listSeries, loadSeries, type LoadedSeries, type SeriesSummary } from './core/series';
import { stackGeometry, type StackGeometry } from './core/volume';
import { type ShowRequest, useSelectedFinding, useShowFinding } from './show-finding';
import { initial, type ViewState } from './view-state';
import { type MprFocus, MprViews } from './mpr';
import { reportWebGl, useWebGl } from './core/webgl';
import { SERIES_DRAG_TYPE, SeriesBrowser } from './series-browser';
import { Overlay } from './overlay';
import { interpolateShown } from './segmentation/interpolate';
import type { bindLabelmap } from './segmentation/labelmap-sync';
import { attachLabelmaps } from './segmentation/attach';
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
  /** The series to open (the case's, or the study's first): loaded at once, while the study's series are listed. */
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
  /** Pre-annotation on open: an automatic model and the label each of its classes proposes. */
  preannotation?: (ModelRef & { labels: TClassLabels }) | null;
  /** Other reads drawn over the image (adjudication): outlined, or as a disagreement map. */
  layers?: ReadLayer[];
  layerMode?: LayerMode;
  /** Shows this image (by index) whenever it changes: following someone else's viewport. */
  goTo?: number | null;
  /** The image on screen changed (presence): its index and frame key (`sop/frame`). */
  onIndex?(index: number, frame: string | null): void;
  /** The stack's frame keys (`sop/frame`) in slice order, once it is known. */
  onFrames?(frames: string[]): void;
  /** Others' pointers, drawn on the image they are on; this user's pointer in image pixels. */
  cursors?: Cursor[];
  onPointer?(p: { x: number; y: number } | null): void;
  /** A small viewport among others (side by side): no toolbar, no segment list. */
  compact?: boolean;
  /** Viewers with the same sync group zoom and pan together (side by side). */
  syncGroup?: string | null;
  /** Which of the study's series to open when no preferred one is given (the other cells of a layout). */
  seriesIndex?: number;
  /** Keyboard shortcuts act on this viewer (default); the other cells of a layout leave them to the first. */
  keys?: boolean;
  /**
   * A finding to bring on screen (the findings panel), once per `seq`: its series and image are
   * opened, or the MPR views centred on its plane, and it is selected. One of another document
   * (a reader's, on the adjudication page) comes with it and is gone to, not selected.
   */
  showFinding?: ShowRequest | null;
  /** The finding selected in the viewer (a click on it, or Show), or null when none or several are. */
  onSelectFinding?(id: string | null): void;
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
  /** The series' geometry when it is a volume (MPR is offered), and whether the MPR views are shown. */
  const [geometry, setGeometry] = useState<StackGeometry | null>(null);
  const [mpr, setMpr] = useState(false);
  const [mprFocus, setMprFocus] = useState<MprFocus | null>(null);
  const webgl = useWebGl();
  const [layout, setLayout] = useState<Layout>('1×1');
  const segLabels = props.labels.filter((l) => l.kind === 'segmentation');
  const stack = useCallback((): LiveStack | null => {
    const l = live.current;
    return l && { viewport: l.viewport, imageIds: l.series.imageIds, frameOf: (id) => l.series.frames.get(id) ?? null, refresh: () => l.labelmap?.refresh() };
  }, []);
  const onPointer = useCallback((pt: { x: number; y: number } | null) => latest.current.onPointer?.(pt), []);
  const suggestLabel = segLabels.find((l) => l.id === props.activeLabelId) ?? segLabels[0] ?? null;

  useEffect(() => {
    let gone = false;
    if (props.preferredSeriesUid) setSeriesUid(props.preferredSeriesUid);
    listSeries(props.dicomwebRoot, props.studyUid)
      .then((list) => {
        if (gone) return;
        setSeriesList(list);
        const byIndex = list.length ? list[(props.seriesIndex ?? 0) % list.length]!.seriesUid : null;
        setSeriesUid((open) => list.find((s) => s.seriesUid === (open ?? props.preferredSeriesUid))?.seriesUid ?? byIndex);
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
    setGeometry(null);
    (async () => {
      // For the benchmark's breakdown of the first image: page loading and hydration end here.
      performance.mark('concord:viewer-start');
      // The series' metadata is fetched while cornerstone starts and the viewport is set up (its
      // workers, codecs and WebGL context take a moment): the first frame is asked for the moment it arrives.
      const loading = loadSeries(latest.current.dicomwebRoot, latest.current.studyUid, seriesUid);
      loading.catch(() => undefined); // awaited below; not unhandled when the viewer closes first
      await initCornerstone();
      if (signal.cancelled) return;
      const gpu = !getShouldUseCPURendering();
      reportWebGl(gpu);
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
      const series = await loading;
      if (signal.cancelled) return;
      setGeometry(stackGeometry(series.imageIds.map(planeModule)));
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
        series: { seriesUid, frameOfReferenceUid: planeOf(series.imageIds[0] ?? '')?.frameOfReferenceUid ?? '' },
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
          utilities.triggerAnnotationRenderForViewportIds(viewportsSharing(viewportId));
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
      if (signal.cancelled || !gpu || !segLabelsOf(latest.current).length) return;

      cleanups.push(
        attachLabelmaps({
          segmentationId: `seg-${uid}-${seriesUid}`,
          viewportId,
          viewport,
          seriesUid,
          live: l,
          current: () => ({ ...latest.current, segLabels: segLabelsOf(latest.current) }),
          onSegments: setSegments,
        }),
      );
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
    if (view.count) latest.current.onIndex?.(view.index, ref ? frameKey({ image: ref }) : null);
  }, [view.index, view.count]);

  useEffect(() => {
    const l = live.current;
    if (!l || !view.count) return;
    latest.current.onFrames?.(l.series.imageIds.map((id) => {
      const ref = l.series.frames.get(id);
      return ref ? frameKey({ image: ref }) : '';
    }));
  }, [view.count]);

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

  useShowFinding(props.showFinding, {
    doc: props.doc,
    seriesUid,
    seriesList,
    shown: () => live.current,
    count: view.count,
    geometry,
    openSeries: setSeriesUid,
    onPlane: (point, seq) => {
      if (!webgl) return;
      setMpr(true);
      setLayout('1×1');
      setMprFocus({ point, seq });
    },
    viewportId,
  });
  useSelectedFinding(() => latest.current);

  const actions = {
    ...viewportActions(() => live.current, (invert) => setView((v) => ({ ...v, invert }))),
    cine: () => setCineFps((f) => (f ? 0 : 15)),
    mpr: () => {
      if (!webgl) return;
      setMpr((m) => !m);
      setLayout('1×1');
    },
    help: () => setShowHelp((h) => !h),
    header: () => setShowHeader((h) => !h),
  };
  const current = seriesList.find((s) => s.seriesUid === seriesUid);
  // From the study's series list, which comes before the images: the toolbar has the modality's presets
  // (two rows for a CT beside the reading panel) before the first image, which then keeps its size.
  const modality = current?.modality || live.current?.series.modality || '';
  useViewerKeys(element, { ...actions, tool: (t) => props.onToolChange(t), presets: presetsFor(modality), readOnly: props.readOnly, enabled: props.keys ?? true });

  const interpolate = (labelId: string) => {
    const l = live.current;
    return l ? interpolateShown(props.doc, l, { labelId, segmentationLabelIds: segLabels.map((s) => s.id), origin: props.origin, newId: () => props.newId() }) : 0;
  };

  // The reconstruction is built from the cached images: offered once every slice is in.
  const mprReady = Boolean(geometry) && view.count > 0 && view.loaded === view.count;
  const showMpr = mpr && mprReady && !props.compact;
  const [columns, rows] = showMpr ? [2, 2] : LAYOUTS[layout];
  const others = showMpr ? 0 : columns * rows - 1;
  const segmentationId = view.segmentsReady ? live.current?.segmentationId : undefined;
  const mprLabelmap = segmentationId ? { segmentationId, labels: segLabels, like: viewportId } : null;
  return (
    <div className="viewer" data-testid="viewer" data-slice={view.index} data-count={view.count} data-loaded={view.loaded} data-segments-ready={view.segmentsReady ? 'yes' : 'no'} data-first-image-ms={view.firstImageMs ?? ''} data-all-loaded-ms={view.allLoadedMs ?? ''}>
      {!props.compact && (
        <ViewerToolbar
          series={seriesList}
          seriesUid={seriesUid}
          onSeries={setSeriesUid}
          modality={modality}
          actions={actions}
          inverted={view.invert}
          cineFps={cineFps}
          onCineFps={setCineFps}
          layout={showMpr ? '1×1' : layout}
          onLayout={(l) => (setLayout(l), setMpr(false))}
          mpr={geometry && webgl ? { on: showMpr, ready: mprReady } : null}
          header={showHeader}
        />
      )}
      <div className="viewer-body">
      {!props.compact && seriesList.length > 1 && (
        <SeriesBrowser dicomwebRoot={props.dicomwebRoot} studyUid={props.studyUid} series={seriesList} current={seriesUid} onPick={setSeriesUid} />
      )}
      <div className={columns * rows > 1 ? 'viewer-area grid-layout' : 'viewer-area'} style={{ gridTemplateColumns: `repeat(${columns}, 1fr)`, gridTemplateRows: `repeat(${rows}, 1fr)` }}>
      <div
        className="viewer-main"
        data-testid="viewer-drop"
        onDragOver={(e) => e.dataTransfer.types.includes(SERIES_DRAG_TYPE) && e.preventDefault()}
        onDrop={(e) => {
          const uid = e.dataTransfer.getData(SERIES_DRAG_TYPE);
          if (!uid || !seriesList.some((s) => s.seriesUid === uid)) return;
          e.preventDefault();
          setSeriesUid(uid);
        }}
      >
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
          preannotation={props.preannotation}
          labels={props.labels}
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
        {!webgl && !props.compact && (
          <div role="status" className="viewer-notice">
            No WebGL in this browser: images are drawn without the GPU; segmentations cannot be painted or shown, and MPR is off. Turn on hardware acceleration to have them.
          </div>
        )}
        {showHelp && <HelpOverlay onClose={() => setShowHelp(false)} />}
        {showHeader && <HeaderPanel metadata={live.current?.series.metadata.get(live.current.series.imageIds[view.index] ?? '') ?? null} onClose={() => setShowHeader(false)} />}
        {view.count > 1 && (
          <input className="viewer-slider" aria-label="Slice" type="range" min={0} max={view.count - 1} value={view.index} onChange={(e) => actions.goTo(Number(e.target.value))} />
        )}
      </div>
      {Array.from({ length: others }, (_, i) => (
        <div key={i} className="viewer-cell" role="group" aria-label={`Viewport ${i + 2}`}>
          <Viewer {...props} compact keys={false} seriesIndex={i + 1} preferredSeriesUid={null} model={null} classifier={null} preannotation={null} layers={undefined} goTo={null} onIndex={undefined} onFrames={undefined} cursors={undefined} onPointer={undefined} syncGroup={null} showFinding={null} onSelectFinding={undefined} />
        </div>
      ))}
      {showMpr && live.current && geometry && (
        <MprViews seriesUid={live.current.series.seriesUid} imageIds={live.current.series.imageIds} geometry={geometry} index={view.index} onIndex={actions.goTo} voi={view.voi} annotationGroup={viewportId} focus={mprFocus} labelmap={mprLabelmap} tool={props.tool} brushSize={props.brushSize} threshold={props.threshold} readOnly={props.readOnly} arrowText={() => latest.current.arrowText()} />
      )}
      </div>
      </div>
      {segLabels.length > 0 && !props.compact && webgl && (
        <SegmentList
          labels={segLabels}
          segments={segments}
          ready={view.segmentsReady}
          segmentationId={segmentationId ?? null}
          onInterpolate={props.readOnly ? undefined : interpolate}
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
