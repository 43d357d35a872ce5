import { Redis } from '@hocuspocus/extension-redis';
import { Server, type Document, type onAuthenticatePayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { verifyCollabToken } from '../auth/collab-token';
import { resolveSession } from '../auth/sessions';
import { env } from '../config/env';
import { DOC_PREFIX, EDIT_REFUSED } from '../contracts/annotation-doc/schema';
import { migrateDoc } from '../contracts/annotation-doc/migrate';
import { COMMENTS_NOTICE, encodeSavedState, savedMessage } from '../contracts/annotation-doc/saved';
import { presenceOf } from '../domain/consensus/aliases';
import { caseOfConsensusDoc, consensusDocAccess, ensureConsensusDoc } from '../domain/consensus/consensus-doc';
import { assignmentDocAccess, docStillWritable, sharedDocAccess, type DocAccess } from '../domain/reading/access';
import { compactDoc, loadDoc, MAX_UPDATE_BYTES, storeUpdate } from '../domain/reading/doc-store';
import { logger } from '../lib/logger';

interface Ctx {
  userId: string;
  access: DocAccess;
}

// y-protocols sync message types carrying document content.
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** Every connection is authorised afresh: a valid token, a live session, and access to the document now. */
async function authenticate({ token, documentName, connectionConfig }: onAuthenticatePayload<Ctx>): Promise<Ctx> {
  const claims = verifyCollabToken(token, documentName);
  const actor = claims ? await resolveSession(claims.sessionId) : null;
  if (!claims || !actor || actor.id !== claims.userId) throw new Error('Not authorized');
  const access = await docAccess(claims.userId, claims.orgId, documentName);
  // A consensus document of reads since replaced is not the case's document any more.
  if (!access || access.docName !== documentName) throw new Error('Not authorized');
  connectionConfig.readOnly = access.mode === 'ro';
  return { userId: claims.userId, access };
}

function docAccess(userId: string, orgId: string, documentName: string) {
  if (documentName.startsWith(DOC_PREFIX.assignment)) return assignmentDocAccess(userId, orgId, documentName.slice(DOC_PREFIX.assignment.length));
  if (documentName.startsWith(DOC_PREFIX.shared)) return sharedDocAccess(userId, orgId, documentName.slice(DOC_PREFIX.shared.length));
  if (documentName.startsWith(DOC_PREFIX.consensus)) return consensusDocAccess(userId, orgId, caseOfConsensusDoc(documentName));
  return null;
}

/**
 * The collaboration server (Hocuspocus) for annotation documents (reads and consensus). Durability: each incoming
 * update is checked and appended to the document's log in PostgreSQL *before* it is applied
 * and acknowledged (Hocuspocus sends the sync-status ack after `beforeSync` resolves), so an
 * acknowledged edit survives a crash of this process. The log is compacted into a snapshot
 * on a debounce with a maximum wait. Not listening by itself: `npm start` forwards `/collab`
 * upgrades to it; `npm run start:collab` gives it its own port.
 */
export function createCollabServer() {
  const e = env();
  const lastSent = new WeakMap<object, string>();
  const syncedBy = new WeakSet<object>();
  const pending = new WeakSet<object>();
  const broadcastSaved = (document: Document) => {
    const state = encodeSavedState(document);
    const key = Buffer.from(state).toString('base64');
    for (const c of document.getConnections()) {
      if (lastSent.get(c) === key) continue;
      lastSent.set(c, key);
      c.sendStateless(savedMessage(state));
    }
  };
  return new Server<Ctx>({
    name: 'concord-collab',
    port: 0, // listen(port) overrides it; listen(0) then means any free port, not Hocuspocus's default 80
    // With REDIS_URL, collaboration servers relay each other's updates; each stores only what its own clients send.
    extensions: e.REDIS_URL ? [redisFanOut(e.REDIS_URL)] : [],
    quiet: true,
    debounce: e.COLLAB_COMPACT_DEBOUNCE_MS,
    maxDebounce: e.COLLAB_COMPACT_MAX_WAIT_MS,
    websocketOptions: { maxPayload: MAX_UPDATE_BYTES + 64 * 1024 },
    onAuthenticate: authenticate,
    async onLoadDocument({ document, documentName, context }) {
      if (documentName.startsWith(DOC_PREFIX.consensus)) await ensureConsensusDoc(context.access);
      await loadDoc(documentName, document);
      const before = Y.encodeStateVector(document);
      migrateDoc(document, { labelSchemaVersion: context.access.schemaVersion, legacyPayload: context.access.legacyPayload });
      await storeUpdate(documentName, Y.encodeStateAsUpdate(document, before));
    },
    async beforeSync({ type, payload, connection, documentName, context }) {
      syncedBy.add(connection); // any sync message (step 1 included) is answered with the stored state
      if (connection.readOnly || (type !== SYNC_STEP_2 && type !== SYNC_UPDATE)) return;
      if (!(await docStillWritable(context.access))) throw Object.assign(new Error('read-only'), { code: 4403, reason: EDIT_REFUSED });
      await storeUpdate(documentName, payload);
    },
    // A browser's only message to the others: "the comments changed" (consensus documents); anything else is dropped.
    async onStateless({ payload, document, documentName }) {
      if (payload === COMMENTS_NOTICE && documentName.startsWith(DOC_PREFIX.consensus)) document.broadcastStateless(payload);
    },
    // What a browser announces is rewritten to what its user may show (blinded readers: a key, no name).
    async beforeHandleAwareness({ states, context }) {
      const policy = context?.access.presence;
      if (policy) for (const [id, state] of states) states.set(id, presenceOf(state, policy));
    },
    // Tells clients which state is stored (every applied update was stored first): their "saved" indicator.
    // After a sync message every connection of the document hears it, since other tabs' edits reach them too.
    async afterHandleMessage({ connection, document }) {
      if (syncedBy.delete(connection)) broadcastSaved(document);
    },
    // Updates relayed from another server (Redis) were stored by that server before it published them.
    async onChange({ document, connection }) {
      if (connection || pending.has(document)) return;
      pending.add(document);
      setImmediate(() => {
        pending.delete(document);
        broadcastSaved(document);
      });
    },
    async onStoreDocument({ documentName }) {
      await compactDoc(documentName).catch((err: unknown) => logger.error('document compaction failed', { documentName, err }));
    },
  });
}

function redisFanOut(url: string) {
  const u = new URL(url);
  return new Redis({
    host: u.hostname,
    port: Number(u.port || 6379),
    prefix: 'concord-collab',
    options: { username: u.username || undefined, password: u.password ? decodeURIComponent(u.password) : undefined, db: Number(u.pathname.slice(1) || 0), tls: u.protocol === 'rediss:' ? {} : undefined },
  });
}

export type CollabServer = ReturnType<typeof createCollabServer>;
