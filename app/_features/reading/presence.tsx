'use client';

import type { Peer } from './use-annotation-doc';

/** Reader colours: apart from the usual label colours, so a read's outline is not taken for a label. */
export const READER_COLORS = ['#f59e0b', '#a855f7', '#06b6d4', '#ec4899', '#84cc16', '#f97316'];
export const colorOf = (id: string) => READER_COLORS[[...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % READER_COLORS.length]!;

const initials = (name: string) => name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');

/** Who has a shared document open (a consensus, a collaborative read), the slice each is on, and following one of them. */
export function Presence({ me, peers, following, onFollow }: { me: { name: string; color: string } | null; peers: (Peer & { name: string })[]; following: number | null; onFollow: (clientId: number | null) => void }) {
  return (
    <div className="presence" role="group" aria-label="Here now">
      {me && <span className="avatar" style={{ background: me.color }} title={`${me.name} (you)`}>{initials(me.name)}</span>}
      {peers.map((p) => (
        <span key={p.clientId} className="presence-peer" data-testid="peer">
          <span className="avatar" style={{ background: p.color }} title={p.name}>{initials(p.name)}</span>
          <span>{p.name}{p.index !== null ? ` · image ${p.index + 1}` : ''}</span>
          <button className="btn btn-xs" aria-pressed={following === p.clientId} onClick={() => onFollow(following === p.clientId ? null : p.clientId)}>
            {following === p.clientId ? 'Following' : 'Follow'}
          </button>
        </span>
      ))}
      {!peers.length && <span className="muted">Only you here</span>}
    </div>
  );
}
