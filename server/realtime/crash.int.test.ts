import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { readDoc, setAnswer } from '../contracts/annotation-doc/doc';
import { loadDoc } from '../domain/reading/doc-store';
import { collabClient } from '../testing/collab-client';
import { freePort, startCollabProcess } from '../testing/collab-process';
import { projectWorld } from '../testing/project-world';

const startCollab = (port: number) => startCollabProcess(port);

const kill = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

let children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(children.map(kill));
  children = [];
});

async function reader() {
  const w = await projectWorld({ readers: 1, readersPerCase: 1 });
  await (await w.as(w.users.MANAGER)).case.create({ ...w.scope, label: 'Case 1' });
  await (await w.as(w.users.MANAGER)).case.distribute(w.scope);
  const api = await w.as(w.readers[0]!);
  const assignmentId = (await api.assignment.next({ orgSlug: w.scope.orgSlug }))!.assignmentId;
  const token = async () => (await api.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).token;
  return { docName: `assignment:${assignmentId}`, token };
}

describe('[REALTIME]: no acknowledged edit is lost when the collaboration process dies', () => {
  it('an edit acknowledged before SIGKILL is there after a restart', async () => {
    const port = await freePort();
    let child = await startCollab(port);
    children.push(child);
    const { docName, token } = await reader();
    const c = collabClient(`ws://127.0.0.1:${port}`, docName, token);
    await c.synced();
    setAnswer(c.doc, 'nodule_present', 'yes');
    await c.saved();
    await kill(child);
    c.destroy();
    expect(readDoc(await loadDoc(docName)).answers).toEqual({ nodule_present: 'yes' });

    child = await startCollab(port);
    children.push(child);
    const fresh = collabClient(`ws://127.0.0.1:${port}`, docName, token);
    await fresh.synced();
    expect(readDoc(fresh.doc).answers).toEqual({ nodule_present: 'yes' });
    fresh.destroy();
  });

  it('an edit not yet acknowledged when the process dies is sent again on reconnect and kept', async () => {
    const port = await freePort();
    const child = await startCollab(port);
    children.push(child);
    const { docName, token } = await reader();
    const c = collabClient(`ws://127.0.0.1:${port}`, docName, token);
    await c.synced();
    setAnswer(c.doc, 'nodule_present', 'no');
    await kill(child); // at once: the ack may or may not have been sent
    setAnswer(c.doc, 'malignancy', 'm4'); // made while the server is down
    expect(c.provider.unsyncedChanges).toBeGreaterThan(0);

    children.push(await startCollab(port));
    await c.saved(); // the provider reconnects and re-syncs by itself
    expect(readDoc(await loadDoc(docName)).answers).toEqual({ nodule_present: 'no', malignancy: 'm4' });
    c.destroy();
  });
});
