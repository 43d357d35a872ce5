'use client';

import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { roots } from '@/server/contracts/annotation-doc/doc';
import { COMMENTS_NOTICE, isSaved, parseSavedMessage } from '@/server/contracts/annotation-doc/saved';
import { EDIT_REFUSED } from '@/server/contracts/annotation-doc/schema';

export type SaveStatus = 'loading' | 'saved' | 'saving' | 'offline' | 'read-only';

export const LOCAL_DB_PREFIX = 'concord:';

/**
 * How this browser announces its user: a key (see the server's presence keys) and, unless the
 * user must stay anonymous to the others, a name.
 */
export interface PresenceSelf {
  key: string;
  name?: string;
  color: string;
}

/** Who else has the document open, as their browsers announce it (awareness). */
export interface Peer {
  clientId: number;
  key: string | null;
  name: string | null;
  color: string;
  /** The image index they are on, when they have one, and their pointer there (image pixels). */
  index: number | null;
  pointer: { x: number; y: number } | null;
}

/**
 * The reader's annotation document: kept in IndexedDB (a reload or an offline period loses
 * nothing) and synced through the collaboration server, which stores each update before
 * confirming it. `status` is "saved" only when the server has stored everything this browser has.
 */
export function useAnnotationDoc(docName: string | null, token: () => Promise<{ token: string; url: string | null; mode: 'rw' | 'ro' }>, presence?: PresenceSelf | null) {
  const [state, setState] = useState<{ status: SaveStatus; mode: 'rw' | 'ro' | null; error: string | null }>({ status: 'loading', mode: null, error: null });
  const [peers, setPeers] = useState<Peer[]>([]);
  /** How many times someone said the comments changed (see COMMENTS_NOTICE). */
  const [commentNotices, setCommentNotices] = useState(0);
  const providerRef = useRef<HocuspocusProvider | null>(null);
  const me = useRef(presence);
  me.current = presence;
  const origin = useMemo(() => ({ local: true }), []);
  const doc = useMemo(() => (docName ? new Y.Doc() : null), [docName]);
  const undo = useMemo(() => {
    if (!doc) return null;
    const r = roots(doc);
    return new Y.UndoManager([r.answers, r.findings, r.strokes], { trackedOrigins: new Set([origin]), captureTimeout: 400 });
  }, [doc, origin]);

  useEffect(() => {
    if (!doc || !docName) return;
    const local = new IndexeddbPersistence(`${LOCAL_DB_PREFIX}${docName}`, doc);
    let savedVector: Uint8Array | null = null;
    let mode: 'rw' | 'ro' | null = null;
    let socketUrl: string | null = null;
    const url = () => socketUrl ?? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/collab`;
    /** The token fetched to learn the server's URL serves the first connection too (reconnections mint their own). */
    let fetched: string | null = null;
    const getToken = async () => {
      if (fetched) {
        const first = fetched;
        fetched = null;
        return first;
      }
      const t = await token();
      mode = t.mode;
      socketUrl = t.url;
      return t.token;
    };
    let socket: HocuspocusProviderWebsocket | null = null;
    let provider: HocuspocusProvider | null = null;
    let cancelled = false;

    const update = () => {
      if (cancelled) return;
      const online = navigator.onLine && socket?.status === WebSocketStatus.Connected && provider?.isSynced;
      let status: SaveStatus;
      if (mode === 'ro') status = 'read-only';
      else if (!online) status = provider?.isSynced === undefined ? 'loading' : 'offline';
      else status = isSaved(doc, savedVector) ? 'saved' : 'saving';
      setState((s) => (s.status === status && s.mode === mode ? s : { ...s, status, mode }));
    };

    // The token decides the server URL, so the first one is fetched before connecting.
    void getToken()
      .then((first) => {
        if (cancelled) return;
        fetched = first;
        socket = new HocuspocusProviderWebsocket({ url: url(), delay: 500, minDelay: 500, maxDelay: 5000 });
        provider = new HocuspocusProvider({
          websocketProvider: socket,
          name: docName,
          document: doc,
          token: getToken,
          onStateless: ({ payload }) => {
            if (payload === COMMENTS_NOTICE) return setCommentNotices((n) => n + 1);
            savedVector = parseSavedMessage(payload) ?? savedVector;
            update();
          },
          onSynced: update,
          onStatus: update,
          // A refused edit's message stays: it says more than the refused reconnection that follows it.
          onAuthenticationFailed: ({ reason }) => setState((s) => (s.error?.startsWith('Your last edit') ? s : { ...s, error: `The document server refused access (${reason || 'not authorized'})` })),
          // The server closes the document when an edit is no longer allowed (a read submitted elsewhere, an invitation withdrawn).
          onClose: ({ event }) => event.reason === EDIT_REFUSED && setState((s) => ({ ...s, error: `Your last edit was not kept: ${EDIT_REFUSED.toLowerCase()}` })),
        });
        provider.attach();
        providerRef.current = provider;
        socket.on('status', update);
        const awareness = provider.awareness;
        if (me.current && awareness) {
          provider.setAwarenessField('user', { ...me.current, index: null });
          const onAwareness = () =>
            setPeers(
              [...awareness.getStates().entries()]
                .filter(([id, st]) => id !== awareness.clientID && st.user)
                .map(([clientId, st]) => {
                  const u = st.user as { key?: unknown; name?: unknown; color?: unknown; index?: unknown; x?: unknown; y?: unknown };
                  const pointer = typeof u.x === 'number' && typeof u.y === 'number' ? { x: u.x, y: u.y } : null;
                  return { clientId, key: typeof u.key === 'string' ? u.key : null, name: typeof u.name === 'string' ? u.name : null, color: typeof u.color === 'string' ? u.color : '#888', index: typeof u.index === 'number' ? u.index : null, pointer };
                }),
            );
          awareness.on('change', onAwareness);
        }
      })
      .catch((err: Error) => setState((s) => ({ ...s, status: 'offline', error: err.message })));
    doc.on('update', update);
    const onlineChange = () => update();
    window.addEventListener('online', onlineChange);
    window.addEventListener('offline', onlineChange);
    return () => {
      cancelled = true;
      window.removeEventListener('online', onlineChange);
      window.removeEventListener('offline', onlineChange);
      doc.off('update', update);
      providerRef.current = null;
      provider?.destroy();
      socket?.destroy();
      void local.destroy();
    };
    // `token` is stable per assignment (the caller memoises it).
  }, [doc, docName]);

  useEffect(() => () => doc?.destroy(), [doc]);
  /** Announces where this user is (image index, pointer) to the others. */
  const where = useRef<{ index: number | null; x: number | null; y: number | null }>({ index: null, x: null, y: null });
  const announce = useCallback((at: Partial<{ index: number; x: number | null; y: number | null }>) => {
    where.current = { ...where.current, ...at };
    const p = providerRef.current;
    if (p && me.current) p.setAwarenessField('user', { ...me.current, ...where.current });
  }, []);
  /** Tells the others on the document that the comments changed. */
  const noticeComments = useCallback(() => providerRef.current?.sendStateless(COMMENTS_NOTICE), []);
  return { doc, origin, undo, peers, announce, commentNotices, noticeComments, ...state };
}

/** Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo this user's own edits of the document. */
export function useUndoKeys(undo: Y.UndoManager | null) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || !undo) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) undo.undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') undo.redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo]);
}

/** Sign-out on a shared workstation: the local copies of annotation documents go too. */
export async function clearLocalDocuments() {
  const dbs = (await indexedDB.databases?.()) ?? [];
  await Promise.all(
    dbs
      .filter((d) => d.name?.startsWith(LOCAL_DB_PREFIX))
      .map(
        (d) =>
          new Promise<void>((resolve) => {
            const req = indexedDB.deleteDatabase(d.name!);
            req.onsuccess = req.onerror = req.onblocked = () => resolve();
          }),
      ),
  );
}
