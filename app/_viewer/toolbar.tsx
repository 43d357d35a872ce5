'use client';

import { presetsFor } from './core/presets';
import type { SeriesSummary } from './core/series';

/** Viewport layouts: columns × rows. The first cell is the full viewer; the others show other series. */
export const LAYOUTS = { '1×1': [1, 1], '1×2': [2, 1], '2×2': [2, 2] } as const;
export type Layout = keyof typeof LAYOUTS;

interface Props {
  series: SeriesSummary[];
  seriesUid: string | null;
  onSeries(uid: string): void;
  modality: string;
  actions: {
    preset: (p: { width: number; center: number }) => void;
    autoWindow: () => void;
    invert: () => void;
    rotate: (deg: number) => void;
    flip: (axis: 'h' | 'v') => void;
    reset: () => void;
    cine: () => void;
    mpr: () => void;
    header: () => void;
    help: () => void;
  };
  inverted: boolean;
  cineFps: number;
  onCineFps(fps: number): void;
  layout: Layout;
  onLayout(l: Layout): void;
  /** MPR's button when the series is a volume: whether it is on, and whether every slice is in. */
  mpr: { on: boolean; ready: boolean } | null;
  header: boolean;
}

/** The viewer's toolbar: series, window presets, orientation, cine, layout, MPR, header, help. */
export function ViewerToolbar(p: Props) {
  const a = p.actions;
  return (
    <div className="viewer-bar" role="toolbar" aria-label="Image">
      <select aria-label="Series" value={p.seriesUid ?? ''} onChange={(e) => p.onSeries(e.target.value)}>
        {p.series.map((s) => (
          <option key={s.seriesUid} value={s.seriesUid}>
            {s.number ?? '–'} · {s.modality} {s.description} ({s.instances})
          </option>
        ))}
      </select>
      {presetsFor(p.modality).map((preset) => (
        <button key={preset.label} className="btn btn-sm" title={`${preset.label} (${preset.key})`} onClick={() => a.preset(preset)}>
          {preset.label}
        </button>
      ))}
      <button className="btn btn-sm" title="Window from the image (A)" onClick={a.autoWindow}>Auto W/L</button>
      <button className="btn btn-sm" title="Invert (I)" aria-pressed={p.inverted} onClick={a.invert}>Invert</button>
      <button className="btn btn-sm" title="Rotate 90° (])" onClick={() => a.rotate(90)}>⟳</button>
      <button className="btn btn-sm" title="Flip horizontally (H)" onClick={() => a.flip('h')}>⇋</button>
      <button className="btn btn-sm" title="Flip vertically (V)" onClick={() => a.flip('v')}>⇵</button>
      <button className="btn btn-sm" title="Reset view (R)" onClick={a.reset}>Reset</button>
      <button className="btn btn-sm" title="Cine (Space)" aria-pressed={p.cineFps > 0} onClick={a.cine}>{p.cineFps ? `■ ${p.cineFps} fps` : '▶ Cine'}</button>
      {p.cineFps > 0 && <input aria-label="Cine frames per second" type="range" min={1} max={60} value={p.cineFps} onChange={(e) => p.onCineFps(Number(e.target.value))} />}
      <select aria-label="Layout" title="Viewports: the others show the study's other series (drag a series onto one)" value={p.layout} onChange={(e) => p.onLayout(e.target.value as Layout)}>
        {Object.keys(LAYOUTS).map((l) => <option key={l} value={l}>{l}</option>)}
      </select>
      {p.mpr && <button className="btn btn-sm" title="Axial, sagittal and coronal views with crosshairs (M)" aria-pressed={p.mpr.on} disabled={!p.mpr.ready} onClick={a.mpr}>MPR</button>}
      <button className="btn btn-sm" title="DICOM header of this image (U)" aria-pressed={p.header} onClick={a.header}>Header</button>
      <button className="btn btn-sm" title="Keyboard shortcuts (?)" onClick={a.help}>?</button>
    </div>
  );
}
