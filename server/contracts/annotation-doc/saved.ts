import * as Y from 'yjs';

/**
 * "Saved" means durable in PostgreSQL. The collaboration server stores every update before
 * applying it, so its document's state vector is always a stored state; it sends that vector
 * to a client (a stateless message) after handling the client's messages. A client's edits are
 * saved when its own state vector is covered by the last vector the server sent.
 */
export const savedMessage = (vector: Uint8Array) => JSON.stringify({ saved: btoaBytes(vector) });

export function parseSavedMessage(payload: string): Uint8Array | null {
  try {
    const m = JSON.parse(payload) as { saved?: unknown };
    return typeof m.saved === 'string' ? atobBytes(m.saved) : null;
  } catch {
    return null;
  }
}

export function isSaved(doc: Y.Doc, serverVector: Uint8Array | null): boolean {
  if (!serverVector) return false;
  const server = Y.decodeStateVector(serverVector);
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) if ((server.get(client) ?? 0) < clock) return false;
  return true;
}

function btoaBytes(b: Uint8Array) {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

function atobBytes(s: string) {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}
