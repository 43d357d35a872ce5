import { Enums as ToolEnums, segmentation } from '@cornerstonejs/tools';
import { useState } from 'react';
import type { TLabel } from '@/server/contracts/label-schema';

export interface SegmentState {
  labelId: string;
  voxels: number;
  ml: number;
}

/** The segments of the schema with their colour, volume, and visibility / lock toggles; opacity for all. */
export function SegmentList({ labels, segments, ready, segmentationId, onInterpolate }: {
  labels: TLabel[];
  segments: SegmentState[];
  ready: boolean;
  segmentationId: string | null;
  /** Fills the slices between a segment's painted ones; returns how many. Absent when read-only. */
  onInterpolate?: (labelId: string) => number;
}) {
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [filled, setFilled] = useState<{ labelId: string; slices: number } | null>(null);
  const [locked, setLocked] = useState<Set<string>>(new Set());
  const [opacity, setOpacity] = useState(0.5);
  const spec = segmentationId ? { segmentationId, type: ToolEnums.SegmentationRepresentations.Labelmap } : null;
  /** The stack's viewport, and the MPR views while they are open. */
  const shownIn = () => (segmentationId ? segmentation.state.getViewportIdsWithSegmentation(segmentationId) : []);

  function toggle(set: Set<string>, id: string) {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  }
  return (
    <div className="segment-list" aria-label="Segments">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong>Segments</strong>
        <label className="muted">
          Opacity{' '}
          <input
            type="range"
            aria-label="Segment opacity"
            min={0}
            max={1}
            step={0.05}
            value={opacity}
            disabled={!spec}
            onChange={(e) => {
              const v = Number(e.target.value);
              setOpacity(v);
              if (spec) for (const id of shownIn()) segmentation.config.style.setStyle({ viewportId: id, ...spec }, { fillAlpha: v, fillAlphaInactive: v * 0.6 });
            }}
          />
        </label>
      </div>
      {!ready && <p className="muted">Segmentation tools are ready once the series has loaded.</p>}
      <ul>
        {labels.map((l, i) => {
          const s = segments.find((x) => x.labelId === l.id);
          return (
            <li key={l.id} className="row">
              <span className="swatch" style={{ background: l.color }} />
              <span style={{ flex: 1 }}>{l.name}</span>
              <span className="muted" data-testid={`segment-volume-${l.id}`}>{s ? `${s.ml.toFixed(2)} ml` : '–'}</span>
              <button
                className="btn btn-sm"
                aria-pressed={!hidden.has(l.id)}
                title="Show / hide"
                disabled={!spec}
                onClick={() => {
                  const next = toggle(hidden, l.id);
                  setHidden(next);
                  if (spec) for (const id of shownIn()) segmentation.config.visibility.setSegmentIndexVisibility(id, spec, i + 1, !next.has(l.id));
                }}
              >
                {hidden.has(l.id) ? 'Hidden' : 'Shown'}
              </button>
              <button
                className="btn btn-sm"
                aria-pressed={locked.has(l.id)}
                title="Lock against edits"
                disabled={!spec}
                onClick={() => {
                  const next = toggle(locked, l.id);
                  setLocked(next);
                  if (segmentationId) segmentation.segmentLocking.setSegmentIndexLocked(segmentationId, i + 1, next.has(l.id));
                }}
              >
                {locked.has(l.id) ? 'Locked' : 'Lock'}
              </button>
              {onInterpolate && (
                <button
                  className="btn btn-sm"
                  title="Fill the empty slices between this segment's painted slices (shape-based interpolation; one undo step)"
                  aria-label={`Interpolate ${l.name}`}
                  disabled={!spec || locked.has(l.id)}
                  onClick={() => setFilled({ labelId: l.id, slices: onInterpolate(l.id) })}
                >
                  Interpolate
                </button>
              )}
              {filled?.labelId === l.id && <span className="muted" role="status">{filled.slices ? `${filled.slices} slice${filled.slices === 1 ? '' : 's'} filled` : 'Paint two slices with a gap first'}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
