'use client';

import { useEffect, useState } from 'react';
import type { TLabel } from '@/server/contracts/label-schema';
import type { TClassLabels, TModelList } from '@/server/contracts/model/config';

type Choice = { id: string; label: string; classes: string[]; proposes: 'masks' | 'boxes' | null };

/** A class → label map by name (case-insensitive), for a model just picked. */
function guess(classes: string[], labels: TLabel[]): TClassLabels {
  const out: TClassLabels = {};
  for (const c of classes) {
    const l = labels.find((x) => x.name.trim().toLowerCase() === c.trim().toLowerCase());
    if (l) out[c] = l.id;
  }
  return out;
}

/**
 * Pre-annotation on open: which model proposes labels when a reader opens an image, and which
 * label each of its classes becomes (segmentation labels for mask models, box labels for
 * detection models).
 */
export function PreannotationChoice({ list, labels, busy, onSave }: { list: TModelList; labels: TLabel[]; busy: boolean; onSave: (modelId: string | null, labels: TClassLabels) => void }) {
  const s = list.shippedPreannotation;
  const choices: Choice[] = [
    { id: s.id, label: `${s.name} ${s.version} (shipped with Concord)`, classes: s.classes, proposes: s.proposes },
    ...list.models.filter((m) => m.task === 'preannotation').map((m) => ({ id: m.id, label: `${m.name} ${m.configVersion} (v${m.version}) · ${m.proposes ?? ''}`, classes: m.classes, proposes: m.proposes })),
  ];
  const labelsFor = (c: Choice | undefined) => labels.filter((l) => l.kind === (c?.proposes === 'boxes' ? 'box' : 'segmentation'));
  const [modelId, setModelId] = useState<string | null>(list.preannotation?.modelId ?? null);
  const [map, setMap] = useState<TClassLabels>(list.preannotation?.labels ?? {});
  useEffect(() => {
    setModelId(list.preannotation?.modelId ?? null);
    setMap(list.preannotation?.labels ?? {});
  }, [list.preannotation]);
  const chosen = choices.find((c) => c.id === modelId);
  const targets = labelsFor(chosen);
  const drawable = labels.some((l) => l.kind === 'segmentation' || l.kind === 'box');
  const saved = (list.preannotation?.modelId ?? null) === modelId && JSON.stringify(list.preannotation?.labels ?? {}) === JSON.stringify(modelId ? map : {});

  return (
    <div className="panel">
      <h2>Pre-annotation on open</h2>
      <p className="muted" style={{ marginTop: 0 }}>When a reader opens an image with nothing drawn yet, this model proposes its labels at once — masks for segmentation labels, or boxes for box labels — in the reader&apos;s browser; the reader accepts, edits or rejects.</p>
      {!drawable ? (
        <p className="muted">The label schema has no segmentation or box labels.</p>
      ) : (
        <form
          className="stack"
          aria-label="Pre-annotation"
          onSubmit={(e) => {
            e.preventDefault();
            onSave(modelId, modelId ? map : {});
          }}
        >
          <fieldset className="stack" style={{ gap: 4, border: 0, padding: 0 }} aria-label="Pre-annotation model">
            <label className="row" style={{ gap: 6 }}>
              <input type="radio" name="preannotation" checked={modelId === null} onChange={() => setModelId(null)} />
              Off
            </label>
            {choices.map((c) => (
              <label key={c.id} className="row" style={{ gap: 6 }}>
                <input
                  type="radio"
                  name="preannotation"
                  checked={modelId === c.id}
                  onChange={() => {
                    setModelId(c.id);
                    setMap(list.preannotation?.modelId === c.id ? list.preannotation.labels : guess(c.classes, labelsFor(c)));
                  }}
                />
                {c.label}
              </label>
            ))}
          </fieldset>
          {chosen && (
            <table className="data" aria-label="Classes and labels" style={{ maxWidth: 480 }}>
              <thead><tr><th>Model class</th><th>Proposes label</th></tr></thead>
              <tbody>
                {chosen.classes.map((cls) => (
                  <tr key={cls}>
                    <td>{cls}</td>
                    <td>
                      <select
                        aria-label={`Label for ${cls}`}
                        value={map[cls] ?? ''}
                        onChange={(e) => {
                          const { [cls]: _old, ...rest } = map;
                          setMap(e.target.value ? { ...rest, [cls]: e.target.value } : rest);
                        }}
                      >
                        <option value="">— not proposed —</option>
                        {targets.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="row" style={{ gap: 8 }}>
            <button className="btn btn-primary" disabled={busy || saved}>Save pre-annotation</button>
            {saved && <span className="muted">{list.preannotation ? 'In use' : 'Off'}</span>}
          </div>
        </form>
      )}
    </div>
  );
}
