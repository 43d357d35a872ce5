import type { SeriesSummary } from './core/series';
import type { ViewState } from './view-state';

/** Patient-free image information in the viewport's corners. */
export function Overlay({ view, series, modality }: { view: ViewState; series: SeriesSummary | undefined; modality: string }) {
  const ww = view.voi ? Math.round(view.voi.upper - view.voi.lower) : null;
  const wc = view.voi ? Math.round((view.voi.upper + view.voi.lower) / 2) : null;
  return (
    <>
      <div className="viewer-overlay tl">
        <div>{series ? `Se ${series.number ?? '–'} · ${modality} ${series.description}` : ''}</div>
      </div>
      <div className="viewer-overlay tr">
        <div data-testid="slice-label">{view.count ? `Im ${view.index + 1}/${view.count}` : ''}</div>
        {view.count > 0 && view.loaded < view.count && <div>Loading {view.loaded}/{view.count}</div>}
      </div>
      {/* W/L and zoom in opposite corners: one line of both ran under the bottom orientation marker in a narrow viewer. */}
      <div className="viewer-overlay bl" data-testid="wl-label">
        {ww !== null ? `W ${ww} L ${wc}` : ''}{view.invert ? ' · inverted' : ''}
      </div>
      <div className="viewer-overlay br">Zoom {view.zoom.toFixed(2)}×</div>
      {view.markers && (
        <>
          <div className="viewer-overlay mark-top" data-testid="orientation-top">{view.markers.top}</div>
          <div className="viewer-overlay mark-bottom">{view.markers.bottom}</div>
          <div className="viewer-overlay mark-left" data-testid="orientation-left">{view.markers.left}</div>
          <div className="viewer-overlay mark-right">{view.markers.right}</div>
        </>
      )}
    </>
  );
}
