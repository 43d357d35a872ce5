'use client';

import type * as Y from 'yjs';
import type { TAgreementItem, TObjectItem } from '@/server/contracts/agreement';
import type { TAnnotationDoc, TFinding } from '@/server/contracts/annotation-doc/schema';
import { clusterIds, takeFinding } from '@/server/contracts/annotation-doc/take';
import type { Read } from './reads-panel';

interface Props {
  items: TAgreementItem[];
  reads: Read[];
  consensus: TAnnotationDoc;
  edit: ((fn: (doc: Y.Doc) => void) => void) | null;
  /** Brings a reader's finding on screen (the viewer goes to its image or plane). */
  onShow?: (finding: TFinding) => void;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

/**
 * Findings the agreement matched across readers (boxes by overlap, the others by distance),
 * one row each: every reader's measured values side by side with their spread, "show" to go to
 * one reader's version of that finding, and "take" to put it into the consensus.
 */
export function MatchedFindings({ items, reads, consensus, edit, onShow }: Props) {
  const objects = items.filter((i): i is TObjectItem => i.kind !== 'question' && i.kind !== 'segmentation' && i.clusters.length > 0);
  if (!objects.length) return null;
  return (
    <table className="data compact" aria-label="Matched findings">
      <thead>
        <tr>
          <th>Finding</th>
          {reads.map((r) => <th key={r.readerId}><span className="swatch" style={{ background: r.color }} /> {r.name}</th>)}
          <th>Spread</th>
          <th>Consensus</th>
        </tr>
      </thead>
      <tbody>
        {objects.flatMap((item) =>
          item.clusters.map((c, i) => {
            const ids = clusterIds(item.id, i);
            const kept = consensus.findings.find((f) => f.id === ids.takenId || f.id === ids.consensusId);
            const name = `${item.name} ${i + 1}`;
            return (
              <tr key={`${item.id}-${i}`}>
                <td>{name}{!c.consensus && <span className="muted" title="Found by fewer than a majority of readers"> · minority</span>}</td>
                {reads.map((r) => {
                  const member = c.members.find((m) => m.readerId === r.readerId);
                  if (!member) return <td key={r.readerId} className="muted">—</td>;
                  const values = c.values.flatMap((v) => v.byReader.filter((b) => b.readerId === r.readerId).map((b) => `${fmt(b.value)} ${v.unit}`));
                  const finding = r.doc.findings.find((f) => f.id === member.findingKey);
                  return (
                    <td key={r.readerId}>
                      {values.join(', ') || 'found'}{' '}
                      {onShow && finding && <button className="btn btn-xs" aria-label={`Show ${r.name}’s ${name}`} onClick={() => onShow(finding)}>show</button>}{' '}
                      {edit && <button className="btn btn-xs" aria-label={`Take ${r.name}’s ${name}`} onClick={() => edit((d) => takeFinding(d, r.doc, member.findingKey, ids))}>take</button>}
                    </td>
                  );
                })}
                <td>
                  {c.values.map((v) => (
                    <span key={v.name} title={`${v.name}: mean ${fmt(v.mean)} ${v.unit}`}>{v.byReader.map((b) => fmt(b.value)).join(' / ')} {v.unit} (Δ {fmt(v.max - v.min)}) </span>
                  ))}
                  {!c.values.length && (item.kind === 'box' ? `IoU ${c.fit.toFixed(2)}` : `${fmt(c.fit)} mm apart`)}
                </td>
                <td><strong>{kept ? kept.values.map((v) => `${fmt(v.value)} ${v.unit}`).join(', ') || 'kept' : '—'}</strong></td>
              </tr>
            );
          }),
        )}
      </tbody>
    </table>
  );
}
