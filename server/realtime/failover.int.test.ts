import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { putFinding, readDoc, removeFinding, setAnswer } from '../contracts/annotation-doc/doc';
import { loadDoc } from '../domain/reading/doc-store';
import { collabClient, until } from '../testing/collab-client';
import { freePort, startCollabProcess } from '../testing/collab-process';
import { projectWorld } from '../testing/project-world';
import { seededRandom } from '../stats/core/random';
import { collabServersForTests } from '../testing/collab-server';

const startCollab = (port: number) => startCollabProcess(port);

/** What a load balancer does: each new connection goes to the first backend that answers. */
async function balancer(backends: number[]) {
  const server = net.createServer((client) => {
    const tryAt = (i: number) => {
      if (i >= backends.length) return client.destroy();
      const up = net.connect(backends[i]!, '127.0.0.1');
      up.once('error', () => (up.destroy(), client.bytesWritten === 0 ? tryAt(i + 1) : client.destroy()));
      up.once('connect', () => {
        client.pipe(up).pipe(client);
        up.on('close', () => client.destroy());
        client.on('close', () => up.destroy());
      });
    };
    client.on('error', () => client.destroy());
    tryAt(0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((r) => server.close(r)) };
}

async function readerDoc() {
  const w = await projectWorld({ readers: 1, readersPerCase: 1 });
  const pm = await w.as(w.users.MANAGER);
  await pm.case.create({ ...w.scope, label: 'Case 1' });
  await pm.case.distribute(w.scope);
  const api = await w.as(w.readers[0]!);
  const assignmentId = (await api.assignment.next({ orgSlug: w.scope.orgSlug }))!.assignmentId;
  return { docName: `assignment:${assignmentId}`, token: async () => (await api.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).token };
}

// Runs where REDIS_URL is set (.ci/run sets it), like the other Redis tests.
describe.runIf(process.env.REDIS_URL)('[REALTIME]: two collaboration servers behind Redis', () => {
  let children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children) c.kill('SIGKILL');
    children = [];
  });

  it('SIGKILL of one server loses no acknowledged edit; its clients reconnect to the other', { timeout: 120_000 }, async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const s1 = await startCollab(p1);
    const s2 = await startCollab(p2);
    children.push(s1, s2);
    const lb = await balancer([p1, p2]);
    const { docName, token } = await readerDoc();
    const a = collabClient(`ws://127.0.0.1:${lb.port}`, docName, token); // through the balancer: on server 1
    const b = collabClient(`ws://127.0.0.1:${p2}`, docName, token);
    await a.synced();
    await b.synced();
    setAnswer(a.doc, 'nodule_present', 'yes');
    await a.saved();
    await until(() => readDoc(b.doc).answers.nodule_present === 'yes', 'the edit at the client of server 2');

    s1.kill('SIGKILL');
    setAnswer(a.doc, 'malignancy', 'm3'); // while its server is gone
    await a.saved(); // reconnected through the balancer to server 2, re-sent, stored
    await until(() => readDoc(b.doc).answers.malignancy === 'm3', 'the edit made during the failover at the other client');
    setAnswer(b.doc, 'image_quality', 'limited');
    await b.saved();
    await until(() => readDoc(a.doc).answers.image_quality === 'limited', 'an edit from server 2 at the moved client');
    expect(readDoc(await loadDoc(docName)).answers).toEqual({ nodule_present: 'yes', malignancy: 'm3', image_quality: 'limited' });
    a.destroy();
    b.destroy();
    await lb.close();
  });

  describe('convergence', () => {
    const servers = collabServersForTests(2);

    const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
    it(`random concurrent edits by four tabs on two servers converge, and the store holds the same document (seed ${SEED})`, { timeout: 120_000 }, async () => {
      const random = seededRandom(SEED);
      const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
      const { docName, token } = await readerDoc();
      const tabs = [0, 1, 2, 3].map((i) => collabClient(servers.url(i % 2), docName, token));
      await Promise.all(tabs.map((t) => t.synced()));
      const image = { seriesUid: 's', sopUid: 'i', frame: 1 };
      for (let step = 0; step < 300; step++) {
        const t = pick(tabs);
        const op = random();
        if (op < 0.35) setAnswer(t.doc, pick(['nodule_present', 'malignancy', 'image_quality']), pick(['yes', 'no', 'm1', 'm5', 'limited', null]));
        else if (op < 0.6) putFinding(t.doc, { id: `f${Math.floor(random() * 8)}`, labelId: 'nodule', tool: 'length', image, points: [[random() * 100, random() * 100, 0], [random() * 100, random() * 100, 0]], values: [{ name: 'length', value: random() * 50, unit: 'mm' }], text: '', attributes: {} });
        else if (op < 0.7) removeFinding(t.doc, `f${Math.floor(random() * 8)}`);
        else t.doc.getArray('strokes').push([{ id: `s${step}`, labelId: 'nodule', op: random() < 0.8 ? 'paint' : 'erase', image, rows: 64, columns: 64, runs: [Math.floor(random() * 4000), 1 + Math.floor(random() * 20)] }]);
        if (random() < 0.1) await new Promise((r) => setTimeout(r, random() * 30));
      }
      await Promise.all(tabs.map((t) => t.saved()));
      // Map entries iterate in the order each replica integrated them: compare answers by key.
      const state = (d: Y.Doc) => {
        const v = readDoc(d);
        return JSON.stringify({ ...v, answers: Object.entries(v.answers).sort(([a], [b]) => a.localeCompare(b)) });
      };
      await until(() => tabs.every((t) => state(t.doc) === state(tabs[0]!.doc)), 'the four tabs to converge');
      expect(state(await loadDoc(docName))).toBe(state(tabs[0]!.doc));
      expect(readDoc(tabs[0]!.doc).strokes.length).toBeGreaterThan(50);
      for (const t of tabs) t.destroy();
    });
  });
});
