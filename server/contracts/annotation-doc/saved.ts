import * as Y from 'yjs';

/**
 * "Saved" means durable in PostgreSQL. The collaboration server stores every update before
 * applying it, so its document is always a stored state; after handling a client's document
 * messages it sends that state's snapshot (state vector + delete set) as a stateless message.
 * A client's edits are saved when the server's snapshot covers its own: every insertion (state
 * vector) and every deletion (delete set — deletions do not advance a state vector).
 */
export const savedMessage = (snapshot: Uint8Array) => JSON.stringify({ saved: toBase64(snapshot) });

export function parseSavedMessage(payload: string): Uint8Array | null {
  try {
    const m = JSON.parse(payload) as { saved?: unknown };
    return typeof m.saved === 'string' ? fromBase64(m.saved) : null;
  } catch {
    return null;
  }
}

/** The encoded snapshot the server sends. */
export const encodeSavedState = (doc: Y.Doc) => Y.encodeSnapshot(Y.snapshot(doc));

type Ranges = Map<number, { clock: number; len: number }[]>;

/** Whether every deleted range of `inner` lies within the deleted ranges of `outer`. */
function covers(outer: Ranges, inner: Ranges): boolean {
  for (const [client, items] of inner) {
    const theirs = [...(outer.get(client) ?? [])].sort((a, b) => a.clock - b.clock);
    for (const d of items) {
      let from = d.clock;
      const to = d.clock + d.len;
      for (const r of theirs) {
        if (r.clock > from) break;
        if (r.clock + r.len > from) from = r.clock + r.len;
        if (from >= to) break;
      }
      if (from < to) return false;
    }
  }
  return true;
}

export function isSaved(doc: Y.Doc, serverSnapshot: Uint8Array | null): boolean {
  if (!serverSnapshot) return false;
  let server: Y.Snapshot;
  try {
    server = Y.decodeSnapshot(serverSnapshot);
  } catch {
    return false;
  }
  const local = Y.snapshot(doc);
  for (const [client, clock] of local.sv) if ((server.sv.get(client) ?? 0) < clock) return false;
  return covers(server.ds.clients, local.ds.clients);
}

function toBase64(b: Uint8Array) {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

function fromBase64(s: string) {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

/**
 * A nudge one browser sends through the collaboration server to the others on the document:
 * the case's comments changed (they are stored through the API; this only says "fetch them now").
 */
export const COMMENTS_NOTICE = JSON.stringify({ notice: 'comments' });
