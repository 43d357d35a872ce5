import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { isSaved, parseSavedMessage } from '../contracts/annotation-doc/saved';

/** Resolves when `check` holds, polling; rejects with `what` after `ms` (a hang guard, not a speed limit). */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A Node client of the collaboration server, as the browser's provider would connect. */
export function collabClient(url: string, docName: string, token: string | (() => Promise<string>), doc = new Y.Doc()) {
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket, delay: 100, minDelay: 50, maxDelay: 500 });
  const state = { authFailed: '' as string, closed: 0, savedVector: null as Uint8Array | null, notices: [] as string[] };
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: docName,
    document: doc,
    token,
    onAuthenticationFailed: ({ reason }) => (state.authFailed = reason || 'refused'),
    onClose: () => state.closed++,
    onStateless: ({ payload }) => {
      const saved = parseSavedMessage(payload);
      if (saved) state.savedVector = saved;
      else state.notices.push(payload);
    },
  });
  provider.attach();
  return {
    doc,
    provider,
    socket,
    state,
    synced: () => until(() => provider.isSynced, `${docName} to sync`),
    /** Every local change stored by the server (see server/contracts/annotation-doc/saved.ts). */
    saved: () => until(() => provider.isSynced && isSaved(doc, state.savedVector), `${docName} to be saved`),
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

