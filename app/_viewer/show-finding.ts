'use client';

import { eventTarget, type Types } from '@cornerstonejs/core';
import { annotation, Enums as ToolEnums, utilities } from '@cornerstonejs/tools';
import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { findingById } from '@/server/contracts/annotation-doc/doc';
import { seriesOfFinding, type TFinding } from '@/server/contracts/annotation-doc/schema';
import { viewportsSharing } from './core/init';
import type { LoadedSeries, SeriesSummary } from './core/series';
import { findingPlace, type StackGeometry } from './core/volume';

/** A Show click: the finding's id in the viewer's document, or the finding itself when it is another document's. */
export interface ShowRequest {
  id: string;
  seq: number;
  finding?: TFinding;
}

export interface ShowContext {
  doc: Y.Doc;
  seriesUid: string | null;
  seriesList: SeriesSummary[];
  /** The stack on screen, or null while a series opens. */
  shown: () => { viewport: Types.IStackViewport; series: LoadedSeries } | null;
  /** The stack's image count: the request is tried again once a series is on screen. */
  count: number;
  geometry: StackGeometry | null;
  openSeries: (seriesUid: string) => void;
  /** A finding kept on a reconstructed plane: the MPR views are to be centred there. */
  onPlane: (center: Types.Point3, seq: number) => void;
  viewportId: string;
}

/**
 * Brings a finding on screen once per request `seq`: opens its series when another is shown and
 * waits for it, goes to its image (or the slice nearest its plane, with MPR centred on it) and,
 * when it is in this viewer's document, selects it.
 */
export function useShowFinding(want: ShowRequest | null | undefined, c: ShowContext) {
  const done = useRef(0);
  const latest = useRef(c);
  latest.current = c;
  useEffect(() => {
    const { doc, seriesUid, seriesList, openSeries, onPlane, viewportId } = latest.current;
    if (!want || done.current === want.seq) return;
    const own = findingById(doc, want.id);
    const f = own ?? want.finding;
    const target = f && seriesOfFinding(f);
    if (target && target !== seriesUid && seriesList.some((s) => s.seriesUid === target)) return openSeries(target);
    const l = latest.current.shown();
    // Its series is still opening: this runs again when it is on screen.
    if (target === seriesUid && l?.series.seriesUid !== target) return;
    done.current = want.seq;
    const place = f && l ? findingPlace(f, l.series, latest.current.geometry) : null;
    if (!f || !l || !place) return;
    void l.viewport.setImageIdIndex(place.index);
    if (place.center) onPlane(place.center, want.seq);
    if (!own) return;
    annotation.selection.setAnnotationSelected(f.id, true, false);
    utilities.triggerAnnotationRenderForViewportIds(viewportsSharing(viewportId));
  }, [want, c.doc, c.seriesUid, c.seriesList, c.count, c.geometry]);
}

/** Reports the finding selected in cornerstone when exactly one is, and it is in this document; null otherwise. */
export function useSelectedFinding(current: () => { doc: Y.Doc; onSelectFinding?: (id: string | null) => void }) {
  const latest = useRef(current);
  latest.current = current;
  useEffect(() => {
    const onSelection = (e: Event) => {
      const { selection } = (e as CustomEvent<{ selection: string[] }>).detail;
      const one = selection.length === 1 ? selection[0]! : null;
      const { doc, onSelectFinding } = latest.current();
      onSelectFinding?.(one && findingById(doc, one) ? one : null);
    };
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_SELECTION_CHANGE, onSelection);
    return () => eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_SELECTION_CHANGE, onSelection);
  }, []);
}
