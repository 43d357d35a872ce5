/**
 * Collaboration load: 200 simulated clients (@hocuspocus/provider in Node) on 20 documents, on one
 * collaboration server and across two behind Redis. Every client edits its document about once a
 * second; each edit's propagation time is measured at every other client of that document
 * (same clock: all clients are in this process). The servers are their own processes
 * (`server/realtime/main.ts`), so their CPU and memory are read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type * as Y from 'yjs';
import { createOrg, createUser } from '../../prisma/seed/factories';
import { reloadEnv } from '../../server/config/env';
import { addStroke, initDoc } from '../../server/contracts/annotation-doc/doc';
import { disconnectDb } from '../../server/db/client';
import { editDoc } from '../../server/domain/reading/doc-store';
import { callerFor } from '../../server/testing/callers';
import { collabClient } from '../../server/testing/collab-client';
import { freePort, startCollabProcess } from '../../server/testing/collab-process';
import { percentile } from './machine';

const CLIENTS = 200;
const DOCS = 20;
const SECONDS = Number(process.env.BENCH_COLLAB_SECONDS ?? 30);
const IDLE_DOCS = 100;
/** Each client edits once per interval: 200 edits/s, then 40 edits/s. */
const INTERVALS = [1000, 5000];

async function startServer(url: string, redis: string | null) {
  const port = await freePort();
  const child = await startCollabProcess(port, { DATABASE_URL: url, REDIS_URL: redis ?? '' });
  return { child, url: `ws://127.0.0.1:${port}` };
}

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function usage(pid: number) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  return { cpuS: ticks / 100, rss };
}

/** A consensus-sized document: answers plus a nodule painted on 20 slices of a 512 × 512 series. */
function typicalContent(doc: Y.Doc) {
  initDoc(doc, 1);
  for (let z = 0; z < 20; z++) {
    const runs: number[] = [];
    const r = 12 + (z % 5);
    for (let y = -r; y <= r; y++) {
      const half = Math.floor(Math.sqrt(r * r - y * y));
      runs.push((256 + y) * 512 + 256 - half, 2 * half + 1);
    }
    addStroke(doc, { id: `seed-${z}`, labelId: 'nodule', op: 'paint', image: { seriesUid: '1.2.3', sopUid: `1.2.3.${z}`, frame: 1 }, rows: 512, columns: 512, runs });
  }
}

async function world(n: number) {
  process.env.AUTH_SECRET ??= 'bench-secret-that-is-at-least-32-characters';
  reloadEnv();
  const pm = await createUser({ name: 'Bench PM' });
  const reader = await createUser({ name: 'Bench Reader' });
  const org = await createOrg({ members: [{ user: pm, role: 'ADMIN' }, { user: reader, role: 'MEMBER' }] });
  const pmApi = await callerFor(pm);
  const { id: projectId } = await pmApi.project.create({ orgSlug: org.slug, name: 'Collab bench', description: '', modality: 'CT', readersPerCase: 1, blinded: true, consensusMethod: 'MAJORITY', autoAcceptThreshold: null });
  const scope = { orgSlug: org.slug, projectId };
  await pmApi.project.setMember({ ...scope, email: reader.email, role: 'READER' });
  for (let i = 0; i < n; i++) await pmApi.case.create({ ...scope, label: `Case ${i}` });
  await pmApi.case.distribute(scope);
  const api = await callerFor(reader);
  const items = [];
  for (let cursor: string | undefined, page; (page = await api.assignment.worklist({ orgSlug: org.slug, limit: 100, cursor })); ) {
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return Promise.all(
    items.map(async (a) => {
      const docName = `assignment:${a.assignmentId}`;
      await editDoc(docName, typicalContent);
      const { token } = await api.assignment.collabToken({ orgSlug: org.slug, assignmentId: a.assignmentId });
      return { docName, token };
    }),
  );
}

type Run = { label: string; intervalMs: number; p50: number; p95: number; p99: number; samples: number; errors: number; cpuPerDocS: number; rssPerDocKiB: number; idle: { rssKiB: number; heapKiB: number } | null };

async function loadRun(label: string, docs: { docName: string; token: string }[], servers: { child: ChildProcess; url: string }[], intervalMs: number): Promise<Run> {
  const before = servers.map((s) => usage(s.child.pid!));
  const clients = Array.from({ length: CLIENTS }, (_, i) => {
    const d = docs[i % DOCS]!;
    return { doc: d, c: collabClient(servers[i % servers.length]!.url, d.docName, d.token) };
  });
  await Promise.all(clients.map((x) => x.c.synced()));
  const opened = servers.map((s) => usage(s.child.pid!));
  const latencies: number[] = [];
  let errors = 0;
  let expected = 0;
  for (const { c } of clients) {
    const answers = c.doc.getMap<unknown>('answers');
    answers.observe((e) => {
      if (e.transaction.local) return;
      for (const key of e.keysChanged as Set<string>) {
        const v = answers.get(key);
        if (typeof v === 'string' && v.startsWith('t:')) latencies.push(performance.now() - Number(v.slice(2)));
      }
    });
  }
  const cpu0 = servers.map((s) => usage(s.child.pid!).cpuS);
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    clients.map(async ({ c }, i) => {
      await new Promise((r) => setTimeout(r, Math.random() * intervalMs));
      while (performance.now() < end) {
        c.doc.getMap('answers').set(`q${i}`, `t:${performance.now()}`);
        expected += CLIENTS / DOCS - 1;
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 2000)); // the last edits arrive
  const cpuS = servers.reduce((s, x, i) => s + usage(x.child.pid!).cpuS - cpu0[i]!, 0);
  errors += expected - latencies.length;
  errors += clients.filter(({ c }) => c.state.authFailed).length;
  for (const { c } of clients) c.destroy();
  const rssDelta = opened.reduce((s, o, i) => s + o.rss - before[i]!.rss, 0);
  return {
    label,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    samples: latencies.length,
    errors,
    cpuPerDocS: cpuS / SECONDS / DOCS,
    intervalMs,
    rssPerDocKiB: rssDelta / DOCS / 1024,
    idle: null,
  };
}

/** The collaboration server in a child that reports its memory after a full garbage collection (collab-memory-server.ts). */
async function startMemoryServer(url: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'e2e/bench/collab-memory-server.ts'], {
    env: { ...process.env, DATABASE_URL: url, REDIS_URL: '', COLLAB_PORT: String(port), LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => child.once('message', resolve));
  const retained = () =>
    new Promise<NodeJS.MemoryUsage>((resolve) => {
      child.once('message', (m) => resolve(m as NodeJS.MemoryUsage));
      child.send('gc');
    });
  return { child, url: `ws://127.0.0.1:${port}`, retained };
}

/**
 * Memory of idle open documents: one quiet client each on a fresh server, measured from after
 * one other document was opened and closed (the first one pays for loading the database
 * client, its query compiler and the server's code paths once, not per document). Two figures:
 * the growth of the resident set (what the machine gives up, allocator and heap reserve
 * included), and of the JavaScript heap still in use after a full collection (what the
 * documents and connections themselves hold).
 */
async function idleRun(docs: { docName: string; token: string }[], server: Awaited<ReturnType<typeof startMemoryServer>>, warm: { docName: string; token: string }) {
  const first = collabClient(server.url, warm.docName, warm.token);
  await first.synced();
  first.destroy();
  await new Promise((r) => setTimeout(r, 1000));
  const before = { rss: usage(server.child.pid!).rss, heap: (await server.retained()).heapUsed };
  const clients = docs.map((d) => collabClient(server.url, d.docName, d.token));
  await Promise.all(clients.map((c) => c.synced()));
  await new Promise((r) => setTimeout(r, 2000));
  const rss = usage(server.child.pid!).rss;
  const heap = (await server.retained()).heapUsed;
  for (const c of clients) c.destroy();
  return { rssKiB: (rss - before.rss) / docs.length / 1024, heapKiB: (heap - before.heap) / docs.length / 1024 };
}

export async function collabBench(url: string) {
  process.env.DATABASE_URL = url;
  const docs = await world(DOCS + IDLE_DOCS);
  const [load, idle] = [docs.slice(0, DOCS), docs.slice(DOCS)];
  const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const runs: Run[] = [];
  const kill = (s: { child: ChildProcess }) => new Promise<void>((r) => (s.child.once('exit', () => r()), s.child.kill('SIGTERM')));

  for (const interval of INTERVALS) {
    const one = await startServer(url, null);
    runs.push(await loadRun('one server', load, [one], interval));
    await kill(one);
  }
  const fresh = await startMemoryServer(url);
  runs[0]!.idle = await idleRun(idle, fresh, load[0]!);
  await kill(fresh);

  for (const interval of INTERVALS) {
    const two = [await startServer(url, redis), await startServer(url, redis)];
    runs.push(await loadRun('two servers + Redis', load, two, interval));
    await Promise.all(two.map(kill));
  }
  await disconnectDb();
  return runs;
}

export function collabTable(runs: Run[]): string {
  const lines = [
    `${CLIENTS} clients (Node, @hocuspocus/provider) on ${DOCS} documents (${CLIENTS / DOCS} each, a 20-slice nodule mask plus answers), each client editing once per interval for ${SECONDS} s; propagation measured at every other client of the document. PostgreSQL, servers as their own processes.`,
    '',
    '| setup | each client edits every | propagation p50 | p95 | p99 | deliveries | errors | server CPU per open document | server memory per open document (10 clients) | per idle open document (1 client): resident / JS heap retained |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of runs) {
    lines.push(`| ${r.label} | ${r.intervalMs / 1000} s | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.samples.toLocaleString('en')} | ${r.errors} | ${(r.cpuPerDocS * 100).toFixed(2)} % of a core | ${r.rssPerDocKiB.toFixed(0)} KiB | ${r.idle === null ? '—' : `${r.idle.rssKiB.toFixed(0)} KiB / ${r.idle.heapKiB.toFixed(0)} KiB`} |`);
  }
  lines.push('', 'Goals: p95 < 30 ms on one server, < 60 ms across two; < 200 KB per idle open document. The 200 clients share one Node process with the measuring code (their CPU load is in the figures).');
  return lines.join('\n');
}
