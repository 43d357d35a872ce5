import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mintCollabToken } from '../auth/collab-token';
import { openSession } from '../auth/sessions';
import { putFinding, readDoc, roots, setAnswer } from '../contracts/annotation-doc/doc';
import { db } from '../db/client';
import { annotationDocRepository } from '../db/repositories/annotation-doc.repository';
import { compactDoc, loadDoc } from '../domain/reading/doc-store';
import { collabClient, until } from '../testing/collab-client';
import { collabServerForTests } from '../testing/collab-server';
import { projectWorld } from '../testing/project-world';

const collab = collabServerForTests();

/** A project with one case read by two readers; reader 1's assignment and a way to mint tokens through tRPC. */
async function readingWorld() {
  const w = await projectWorld({ readers: 2, readersPerCase: 2 });
  const pm = await w.as(w.users.MANAGER);
  await pm.case.create({ ...w.scope, label: 'Case 1' });
  await pm.case.distribute(w.scope);
  const r1 = await w.as(w.readers[0]!);
  const assignmentId = (await r1.assignment.next({ orgSlug: w.scope.orgSlug }))!.assignmentId;
  const otherId = (await (await w.as(w.readers[1]!)).assignment.next({ orgSlug: w.scope.orgSlug }))!.assignmentId;
  const token = async (user = w.readers[0]!, id = assignmentId) => (await (await w.as(user)).assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId: id })).token;
  return { w, assignmentId, otherId, docName: `assignment:${assignmentId}`, token };
}

const stored = async (docName: string) => readDoc(await loadDoc(docName));
/** The stored document's state vector and content: unchanged unless some update was accepted. */
const logOf = async (docName: string) => {
  const doc = await loadDoc(docName);
  return `${Buffer.from(Y.encodeStateVector(doc)).toString('hex')} ${JSON.stringify(readDoc(doc))}`;
};

const FINDING = {
  id: 'f1',
  labelId: null,
  tool: 'length' as const,
  image: { seriesUid: '1.2.3', sopUid: '1.2.3.4', frame: 1 },
  points: [[0, 0, 0], [10, 0, 0]] as [number, number, number][],
  values: [{ name: 'length', value: 10, unit: 'mm' }],
  text: '',
  attributes: {},
};

describe('[REALTIME]: annotation documents on the collaboration server', () => {
  it('stores an edit before acknowledging it; another tab and a later load see it', async () => {
    const { docName, token } = await readingWorld();
    const a = collabClient(collab.url(), docName, token);
    await a.synced();
    expect(roots(a.doc).meta.get('format')).toBe(1); // the server stamped the new document
    setAnswer(a.doc, 'nodule_present', 'yes');
    putFinding(a.doc, FINDING);
    await a.saved();
    expect(await stored(docName)).toMatchObject({ answers: { nodule_present: 'yes' }, findings: [{ id: 'f1', values: [{ value: 10 }] }] });

    const b = collabClient(collab.url(), docName, token);
    await b.synced();
    expect(readDoc(b.doc).answers).toEqual({ nodule_present: 'yes' });
    setAnswer(b.doc, 'malignancy', 'm3');
    await until(() => readDoc(a.doc).answers.malignancy === 'm3', 'the first tab to receive the second tab’s edit');
    a.destroy();
    b.destroy();

    await compactDoc(docName);
    const log = await annotationDocRepository.load(db(), docName);
    expect(log.updates).toHaveLength(0);
    expect((await stored(docName)).answers).toEqual({ nodule_present: 'yes', malignancy: 'm3' });
  });

  it('refuses bad, forged, expired and foreign tokens, and tokens for another reader’s document', async () => {
    const { w, docName, otherId, token, assignmentId } = await readingWorld();
    const seed = collabClient(collab.url(), docName, token);
    setAnswer(seed.doc, 'nodule_present', 'no');
    await seed.saved();
    seed.destroy();
    const before = await logOf(docName);

    const good = await token();
    const [payload, sig] = good.split('.');
    const session = await openSession(w.users.outsider.id, '127.0.0.1');
    const tokens: Record<string, string> = {
      garbage: 'not-a-token',
      forged: `${payload}.${sig!.slice(0, -2)}xx`,
      expired: mintCollabToken({ userId: w.readers[0]!.id, sessionId: 'x', orgId: w.org.id, docName }, Date.now() - 3_600_000).token,
      'another document': await token(w.readers[1], otherId),
      outsider: mintCollabToken({ userId: w.users.outsider.id, sessionId: session.id, orgId: w.org.id, docName }).token,
      'plain member': mintCollabToken({ userId: w.users.MEMBER.id, sessionId: (await openSession(w.users.MEMBER.id, '127.0.0.1')).id, orgId: w.org.id, docName }).token,
    };
    for (const [what, t] of Object.entries(tokens)) {
      const c = collabClient(collab.url(), docName, t);
      setAnswer(c.doc, 'nodule_present', 'yes');
      await until(() => c.state.authFailed !== '', `${what} to be refused`);
      expect(c.provider.isSynced, what).toBe(false);
      c.destroy();
    }
    // Through tRPC, nobody without access gets a token at all.
    await expect((await w.as(w.readers[1]!)).assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await w.as(w.users.MEMBER)).assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await w.as(w.users.outsider)).assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await logOf(docName)).toBe(before);
    expect((await stored(docName)).answers).toEqual({ nodule_present: 'no' });
  });

  it('gives managers and leads a read-only view: their edits are never stored', async () => {
    const { w, docName, token, assignmentId } = await readingWorld();
    const reader = collabClient(collab.url(), docName, token);
    setAnswer(reader.doc, 'nodule_present', 'yes');
    await reader.saved();
    const before = await logOf(docName);
    for (const role of ['MANAGER', 'LEAD', 'ADMIN'] as const) {
      const minted = await (await w.as(w.users[role])).assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId });
      expect(minted.mode, role).toBe('ro');
      const c = collabClient(collab.url(), docName, minted.token);
      await c.synced();
      expect(readDoc(c.doc).answers).toEqual({ nodule_present: 'yes' });
      setAnswer(c.doc, 'nodule_present', 'no');
      await new Promise((r) => setTimeout(r, 300));
      c.destroy();
    }
    expect(await logOf(docName)).toBe(before);
    expect(readDoc(reader.doc).answers).toEqual({ nodule_present: 'yes' });
    reader.destroy();
  });

  it('closes the connection on a malformed update and keeps the document intact', async () => {
    const { docName, token } = await readingWorld();
    const seed = collabClient(collab.url(), docName, token);
    setAnswer(seed.doc, 'nodule_present', 'yes');
    await seed.saved();
    seed.destroy();
    const before = await logOf(docName);

    const evil = new Y.Doc();
    evil.getMap('elsewhere').set('x', 1);
    for (const bad of [Uint8Array.from([1, 2, 3, 4, 5, 6, 7]), Y.encodeStateAsUpdate(evil)]) {
      const c = collabClient(collab.url(), docName, token);
      await c.synced();
      const e = encoding.createEncoder();
      encoding.writeVarString(e, docName);
      encoding.writeVarUint(e, 0); // Sync
      encoding.writeVarUint(e, 2); // Update
      encoding.writeVarUint8Array(e, bad);
      c.socket.send(encoding.toUint8Array(e));
      await until(() => !c.provider.isSynced, 'the server to close the document connection');
      c.destroy();
    }
    expect(await logOf(docName)).toBe(before);
    const after = collabClient(collab.url(), docName, token);
    await after.synced();
    expect(readDoc(after.doc).answers).toEqual({ nodule_present: 'yes' });
    expect(after.doc.share.has('elsewhere')).toBe(false);
    after.destroy();
  });

  it('turns a document read-only once its read is submitted', async () => {
    const { w, docName, token, assignmentId } = await readingWorld();
    const c = collabClient(collab.url(), docName, token);
    setAnswer(c.doc, 'nodule_present', 'yes');
    await c.saved();
    await (await w.as(w.readers[0]!)).assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId });
    const before = await logOf(docName);
    setAnswer(c.doc, 'nodule_present', 'no'); // on the connection opened before submit
    await new Promise((r) => setTimeout(r, 500));
    expect(await logOf(docName)).toBe(before);
    expect((await (await w.as(w.readers[0]!)).assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).mode).toBe('ro');
    c.destroy();
  });
});
