'use client';

import type { Peer } from '../reading/use-annotation-doc';

const initials = (name: string) => name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');

/** Who has the consensus document open, the slice each is on, and following one of them. */
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
