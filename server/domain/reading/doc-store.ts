import * as Y from 'yjs';
import { db, transaction } from '../../db/client';
import { annotationDocRepository } from '../../db/repositories/annotation-doc.repository';
import { DomainError } from '../../errors/domain-error';

/** The root types an annotation document may have (server/contracts/annotation-doc/schema.ts). */
const ROOTS = new Set(['meta', 'answers', 'findings', 'strokes', 'assists', 'segments']);
export const MAX_UPDATE_BYTES = 16 * 1024 * 1024;

/**
 * Refuses an update that is not a well-formed Yjs update, is too large, or writes a root type the
 * document format does not have. Nothing is applied or stored when this throws.
 */
export function checkUpdate(update: Uint8Array) {
  if (update.byteLength > MAX_UPDATE_BYTES) throw new DomainError('BAD_REQUEST', `Update of ${update.byteLength} bytes exceeds ${MAX_UPDATE_BYTES}`);
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    throw new DomainError('BAD_REQUEST', `Malformed document update: ${(err as Error).message}`);
  }
  for (const s of decoded.structs) {
    const parent = (s as { parent?: unknown }).parent;
    if (typeof parent === 'string' && !ROOTS.has(parent)) throw new DomainError('BAD_REQUEST', `Document update writes an unknown part "${parent}"`);
  }
  return { empty: !decoded.structs.length && !decoded.ds.clients.size };
}

/** Appends a checked update to the document's durable log. */
export async function storeUpdate(docName: string, update: Uint8Array) {
  if (checkUpdate(update).empty) return;
  await annotationDocRepository.append(db(), docName, update);
}

/** The stored state of a document applied to `doc` (a fresh Y.Doc when none is given). */
export async function loadDoc(docName: string, doc = new Y.Doc()) {
  const { snapshot, updates } = await annotationDocRepository.load(db(), docName);
  Y.transact(doc, () => {
    if (snapshot) Y.applyUpdate(doc, snapshot);
    for (const u of updates) Y.applyUpdate(doc, u.data);
  }, 'store');
  return doc;
}

/**
 * Merges the logged updates into the snapshot. Works from the database alone (not from a
 * server's in-memory document), so an update logged but not yet applied anywhere is never lost.
 */
export async function compactDoc(docName: string) {
  await transaction(async (tx) => {
    await annotationDocRepository.lock(tx, docName);
    const { snapshot, updates } = await annotationDocRepository.load(tx, docName);
    if (!updates.length) return;
    const doc = new Y.Doc();
    if (snapshot) Y.applyUpdate(doc, snapshot);
    for (const u of updates) Y.applyUpdate(doc, u.data);
    await annotationDocRepository.saveSnapshot(tx, docName, Y.encodeStateAsUpdate(doc), updates.map((u) => u.id));
    doc.destroy();
  });
}

/** Writes an edit made on the server (API answers, migrations) through the same durable log. */
export async function editDoc(docName: string, edit: (doc: Y.Doc) => void) {
  const doc = await loadDoc(docName);
  const before = Y.encodeStateVector(doc);
  edit(doc);
  const update = Y.encodeStateAsUpdate(doc, before);
  if (update.byteLength > 2) await storeUpdate(docName, update);
  return doc;
}
