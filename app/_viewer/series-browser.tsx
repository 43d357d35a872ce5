'use client';

import { utilities } from '@cornerstonejs/core';
import { useEffect, useRef, useState } from 'react';
import { initCornerstone } from './core/init';
import { thumbnailImageId, type SeriesSummary } from './core/series';

/** The drag payload type of a series thumbnail: the viewport takes a series dropped on it. */
export const SERIES_DRAG_TYPE = 'application/x-concord-series';

interface Props {
  dicomwebRoot: string;
  studyUid: string;
  series: SeriesSummary[];
  current: string | null;
  onPick(seriesUid: string): void;
}

/** The study's series as thumbnails: click one, or drag it onto the viewport, to show it there. */
export function SeriesBrowser(p: Props) {
  return (
    <nav className="viewer-series" aria-label="Series browser">
      {p.series.map((s) => (
        <button
          key={s.seriesUid}
          className="viewer-series-item"
          aria-pressed={s.seriesUid === p.current}
          title={`Series ${s.number ?? '–'}: ${s.modality} ${s.description} (${s.instances} images). Click, or drag onto the viewport.`}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData(SERIES_DRAG_TYPE, s.seriesUid);
            e.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => p.onPick(s.seriesUid)}
        >
          <Thumbnail root={p.dicomwebRoot} studyUid={p.studyUid} seriesUid={s.seriesUid} />
          <span className="viewer-series-caption">
            {s.number ?? '–'} · {s.modality} {s.description}
            <br />
            {s.instances} im
          </span>
        </button>
      ))}
    </nav>
  );
}

/** The series' middle image, rendered on the CPU (no WebGL context for a 96-pixel picture). */
function Thumbnail({ root, studyUid, seriesUid }: { root: string; studyUid: string; seriesUid: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  useEffect(() => {
    let gone = false;
    (async () => {
      await initCornerstone();
      const imageId = await thumbnailImageId(root, studyUid, seriesUid);
      if (gone || !imageId || !canvas.current) return setState('failed');
      await utilities.loadImageToCanvas({ canvas: canvas.current, imageId, thumbnail: true, useCPURendering: true });
      if (!gone) setState('ready');
    })().catch(() => !gone && setState('failed'));
    return () => {
      gone = true;
    };
  }, [root, studyUid, seriesUid]);
  return <canvas ref={canvas} width={96} height={96} className="viewer-series-thumb" data-testid="series-thumbnail" data-state={state} aria-hidden />;
}
