/**
 * DICOM in: (1) end-to-end ingest through the production server's upload endpoint (three requests in
 * flight, small files grouped as the browser sends them, until the series job has checked every series) for the
 * 176-slice MR and a synthetic 500-instance CT, and the same files into Orthanc (Debian package,
 * REST upload, same concurrency). Each Concord server first takes the MR into other projects
 * (WARM_UPLOADS times, each timed apart); the timed runs follow on the warm server.
 * (2) WADO-RS frame latency with 8 concurrent clients; (3) the de-identification alone (read,
 * de-identify, write each file) against gdcmanon's Basic Profile.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createOrg, createUser } from '../../prisma/seed/factories';
import { deidentify } from '../../server/dicom/deid/deidentify';
import { DEFAULT_DEID_OPTIONS } from '../../server/dicom/deid/profile';
import { T, TS } from '../../server/dicom/tags';
import { writePart10 } from '../../server/dicom/write';
import { parseDicom, stringValue } from '../../server/dicom/parse';
import { db, disconnectDb } from '../../server/db/client';
import { callerFor } from '../../server/testing/callers';
import { until } from '../../server/testing/collab-client';
import { FIXTURES, filesIn, sessionCookie, syntheticCtSeries, uploadGroupBody } from '../../server/testing/dicom';
import { GROUP_BYTES, GROUP_FILES, takeGroup } from '../../server/contracts/upload-group';
import { percentile } from './machine';
import { startBenchServer } from './server';

type File = { name: string; bytes: Uint8Array };
const PARALLEL = 3; // the browser upload's requests in flight (app/_features/studies/upload-panel.tsx)
const WADO_CLIENTS = 8;
/**
 * Uploads of the MR (into other projects) before the timed ones. The same upload took 2.1, 1.7, 1.5
 * and 1.2 s on a fresh server, one after the other: V8 and the embedded database's WebAssembly
 * compile the hot code as they go. A server that has been taking studies is past that.
 */
const WARM_UPLOADS = 3;

function datasets(): { label: string; modality: string; files: File[] }[] {
  return [
    { label: 'MR', modality: 'MR', files: filesIn(FIXTURES.mrSeries).map((f) => ({ name: path.basename(f), bytes: fs.readFileSync(f) })) },
    { label: 'CT (synthetic: one real 512 × 512 slice repeated)', modality: 'CT', files: syntheticCtSeries(500) },
  ];
}

const megabytes = (files: File[]) => files.reduce((n, f) => n + f.bytes.length, 0) / 2 ** 20;

/** Runs `task` over `items` with `parallel` in flight; returns each item's time in ms. */
async function pool<T>(items: T[], parallel: number, task: (item: T) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      const t0 = performance.now();
      await task(item);
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return times;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });

/**
 * POSTs bytes with node:http: the harness shares the machine with the server it measures, and
 * fetch spent about 5 ms of CPU per half-megabyte file, as much as the server under test.
 */
function post(url: string, bytes: Uint8Array, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(bytes.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

async function pmWorld(modality: string) {
  const pm = await createUser({ name: 'Bench PM' });
  const org = await createOrg({ members: [{ user: pm, role: 'ADMIN' }] });
  const api = await callerFor(pm);
  const { id: projectId } = await api.project.create({ orgSlug: org.slug, name: `Bench ingest ${modality}`, description: '', modality, readersPerCase: 1, blinded: true, consensusMethod: 'MAJORITY', autoAcceptThreshold: null });
  return { pm, org, api, projectId, cookie: (await sessionCookie(pm)).cookie };
}

/** The requests the browser's upload panel makes of the files: small ones grouped, a large one alone. */
function uploadGroups(files: File[]) {
  const queue = [...files];
  const groups: { count: number; name: string | null; body: Uint8Array; contentType: string }[] = [];
  while (queue.length) {
    const group = takeGroup(queue, (f) => f.bytes.length);
    const one = group.length === 1 ? group[0]! : null;
    groups.push(one ? { count: 1, name: one.name, body: one.bytes, contentType: 'application/octet-stream' } : { count: group.length, name: null, ...uploadGroupBody(group, `bench-${groups.length}`) });
  }
  return groups;
}

/** Uploads the files as the browser does and waits until the series job has checked every series. */
async function concordIngest(base: string, d: ReturnType<typeof datasets>[number]) {
  const w = await pmWorld(d.modality);
  const { batchId } = await w.api.ingest.startUpload({ orgSlug: w.org.slug, projectId: w.projectId });
  const t0 = performance.now();
  await pool(uploadGroups(d.files), PARALLEL, async (group) => {
    const res = await post(`${base}/api/ingest/${batchId}`, group.body, { cookie: w.cookie, 'content-type': group.contentType, ...(group.name ? { 'x-file-name': encodeURIComponent(group.name) } : {}) });
    const body = JSON.parse(res.body) as { outcome?: string; files?: { outcome?: string }[] };
    const outcomes = body.files ?? [body];
    if (res.status !== 200 || outcomes.length !== group.count || outcomes.some((o) => o.outcome !== 'ACCEPTED')) throw new Error(`${res.status} ${res.body}`);
  });
  const uploaded = performance.now() - t0;
  // Done when every series' quality report covers all of its files (the last series job has run).
  await until(
    async () => {
      const series = await db().series.findMany({ where: { projectId: w.projectId }, select: { quality: true } });
      const checked = series.reduce((n, s) => n + ((s.quality as { instances?: number } | null)?.instances ?? 0), 0);
      return checked === d.files.length;
    },
    'the series jobs',
    300_000,
  );
  return { ...w, uploadedMs: uploaded, totalMs: performance.now() - t0 };
}

/** WADO-RS frames of every instance, fetched by 8 clients at once, each in its own order. */
async function wadoFrames(base: string, w: { org: { slug: string }; projectId: string; cookie: string }) {
  const rows = await db().instance.findMany({ where: { projectId: w.projectId }, select: { sopInstanceUid: true, series: { select: { seriesInstanceUid: true, study: { select: { studyInstanceUid: true } } } } } });
  const urls = rows.map((r) => `${base}/dicomweb/${w.org.slug}/${w.projectId}/studies/${r.series.study.studyInstanceUid}/series/${r.series.seriesInstanceUid}/instances/${r.sopInstanceUid}/frames/1`);
  const fetchFrame = async (url: string) => {
    const res = await fetch(url, { headers: { cookie: w.cookie, accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } });
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    await res.arrayBuffer();
  };
  await pool(urls.slice(0, 8), 1, fetchFrame); // warm the route and the connection pool
  const t0 = performance.now();
  const perClient = await Promise.all(Array.from({ length: WADO_CLIENTS }, (_, c) => pool([...urls].sort(() => (c % 2 ? 1 : -1) * (Math.random() - 0.5)), 1, fetchFrame)));
  const seconds = (performance.now() - t0) / 1000;
  const times = perClient.flat();
  return { requests: times.length, p50: percentile(times, 50), p95: percentile(times, 95), perSecond: times.length / seconds };
}

/** Read, de-identify (Basic Profile, the project defaults) and write each file, one thread. */
function concordDeid(inDir: string, outDir: string) {
  const secret = new Uint8Array(32).fill(7);
  const t0 = performance.now();
  for (const name of fs.readdirSync(inDir)) {
    const parsed = parseDicom(fs.readFileSync(path.join(inDir, name)));
    const result = deidentify(parsed, DEFAULT_DEID_OPTIONS, secret);
    const get = (t: number) => stringValue(result.dataset.find((e) => e.tag === t));
    const syntax = parsed.transferSyntaxUid === TS.Deflated ? TS.ExplicitLittle : parsed.transferSyntaxUid;
    const blob = writePart10({ dataset: result.dataset, transferSyntaxUid: syntax, littleEndian: parsed.littleEndian, explicitVr: syntax !== TS.ImplicitLittle, sopClassUid: get(T.SOPClassUID), sopInstanceUid: get(T.SOPInstanceUID) });
    fs.writeFileSync(path.join(outDir, name), blob);
  }
  return performance.now() - t0;
}

const DEID_ROUNDS = 3;

function gdcmanon(inDir: string, outDir: string): number | null {
  const t0 = performance.now();
  const r = spawnSync('gdcmanon', ['-e', '-p', 'bench-passphrase', '-r', '-i', inDir, '-o', outDir], { stdio: 'ignore' });
  if (r.error || r.status !== 0) return null;
  return performance.now() - t0;
}

/** The same files into Orthanc (a fresh one per data set), over its REST API, three in flight. */
async function orthancIngest(files: File[]): Promise<number | null> {
  if (spawnSync('Orthanc', ['--version'], { stdio: 'ignore' }).status !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-orthanc-'));
  const port = 8043;
  fs.writeFileSync(
    path.join(dir, 'orthanc.json'),
    JSON.stringify({ Name: 'bench', StorageDirectory: path.join(dir, 'storage'), IndexDirectory: path.join(dir, 'index'), HttpPort: port, DicomServerEnabled: false, RemoteAccessAllowed: false, AuthenticationEnabled: false, StorageCompression: false, Plugins: [] }),
  );
  const orthanc = spawn('Orthanc', [path.join(dir, 'orthanc.json')], { stdio: 'ignore' });
  try {
    const base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/system`).catch(() => null))?.ok === true, 'Orthanc', 60_000);
    const t0 = performance.now();
    await pool(files, PARALLEL, async (f) => {
      const res = await post(`${base}/instances`, f.bytes, { 'content-type': 'application/dicom' });
      if (res.status !== 200) throw new Error(`Orthanc refused ${f.name}: ${res.status}`);
    });
    return performance.now() - t0;
  } finally {
    orthanc.kill('SIGTERM');
    await new Promise((r) => orthanc.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The same ingest on the production server with PostgreSQL (a fresh database from `withPostgres`); null when there is none. */
async function postgresIngest(sets: ReturnType<typeof datasets>, withPostgres: PostgresRunner) {
  return withPostgres(async (url) => {
    const { base, stop } = await startBenchServer(3292, url);
    try {
      const coldMs = await warmUp(base, sets[0]!);
      const totals: number[] = [];
      for (const d of sets) totals.push((await concordIngest(base, d)).totalMs);
      await disconnectDb();
      return { coldMs, totals };
    } finally {
      await stop();
    }
  });
}

/** The warm-up uploads' times, in order (the first is the first upload after a start). */
async function warmUp(base: string, d: ReturnType<typeof datasets>[number]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARM_UPLOADS; i++) times.push((await concordIngest(base, d)).totalMs);
  return times;
}

type PostgresRunner = <T>(fn: (url: string) => Promise<T>) => Promise<T | null>;

export async function ingestBench(withPostgres: PostgresRunner) {
  const sets = datasets();
  const ingest: { label: string; files: number; mb: number; uploadedMs: number; totalMs: number; postgresMs: number | null; orthancMs: number | null }[] = [];
  let wado: Awaited<ReturnType<typeof wadoFrames>> | null = null;
  const { base, stop } = await startBenchServer(3291);
  let coldMs: number[] = [];
  try {
    coldMs = await warmUp(base, sets[0]!);
    for (const d of sets) {
      const r = await concordIngest(base, d);
      ingest.push({ label: d.label, files: d.files.length, mb: megabytes(d.files), uploadedMs: r.uploadedMs, totalMs: r.totalMs, postgresMs: null as number | null, orthancMs: await orthancIngest(d.files) });
      if (d.modality === 'MR') wado = await wadoFrames(base, r);
    }
    await disconnectDb();
  } finally {
    await stop();
  }
  const onPostgres = await postgresIngest(sets, withPostgres);
  onPostgres?.totals.forEach((ms, i) => (ingest[i]!.postgresMs = ms));
  const cold = { embeddedMs: coldMs, postgresMs: onPostgres?.coldMs ?? null };
  const deid = sets.map((d) => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-deid-'));
    try {
      for (const sub of ['in', 'concord', 'gdcm']) fs.mkdirSync(path.join(work, sub));
      for (const f of d.files) fs.writeFileSync(path.join(work, 'in', f.name), f.bytes);
      // Three rounds, taking turns, medians: one run each, right after writing the input (253 MB for
      // the CT), measured the disk's writeback more than either program (the CT: 1.11 s against 0.36 s).
      const concord: number[] = [];
      const gdcm: (number | null)[] = [];
      for (let round = 0; round < DEID_ROUNDS; round++) {
        concord.push(concordDeid(path.join(work, 'in'), path.join(work, 'concord')));
        gdcm.push(gdcmanon(path.join(work, 'in'), path.join(work, 'gdcm')));
      }
      const gdcmMs = gdcm.includes(null) ? null : percentile(gdcm as number[], 50);
      return { label: d.label, files: d.files.length, concordMs: percentile(concord, 50), gdcmMs };
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
  return { ingest, cold, wado: wado!, deid };
}

const seconds = (ms: number[]) => `${ms.map((t) => (t / 1000).toFixed(2)).join(', ')} s`;

export function ingestTable(r: Awaited<ReturnType<typeof ingestBench>>) {
  const rate = (files: number, mb: number, ms: number) => `${((files * 1000) / ms).toFixed(0)} inst/s · ${((mb * 1000) / ms).toFixed(1)} MB/s`;
  const lines = [
    `| data set | MB | Concord, embedded database: uploaded (${PARALLEL} requests in flight, up to ${GROUP_FILES} files or ${GROUP_BYTES / 2 ** 20} MiB each) | … indexed, checked, cases made | Concord on PostgreSQL: indexed, checked, cases made | Orthanc 1.10 (REST, ${PARALLEL} in flight) | Concord ÷ Orthanc time (embedded / PostgreSQL) |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.ingest.map((i) => {
      const timed = (ms: number | null, none: string) => (ms === null ? none : `${(ms / 1000).toFixed(2)} s (${rate(i.files, i.mb, ms)})`);
      const ratio = i.orthancMs === null ? '' : `${(i.totalMs / i.orthancMs).toFixed(2)}× / ${i.postgresMs === null ? '–' : `${(i.postgresMs / i.orthancMs).toFixed(2)}×`}`;
      return `| ${i.files}-instance ${i.label} | ${i.mb.toFixed(1)} | ${(i.uploadedMs / 1000).toFixed(2)} s | ${timed(i.totalMs, '')} | ${timed(i.postgresMs, 'no PostgreSQL')} | ${timed(i.orthancMs, 'not installed')} | ${ratio} |`;
    }),
    '',
    'Concord de-identifies every file (PS3.15 Basic Profile, UIDs re-keyed, dates shifted), stores it content-addressed, indexes it, and its series job runs the quality checks and makes the case; Orthanc stores and indexes the files as they are. Each is sent as its own uploader sends: Concord\'s browser upload puts small files several to a request; Orthanc\'s REST API takes one file per request. The time runs until the last series\' quality report covers every file.',
    `Timed on a warm server: each Concord server first took the MR ${WARM_UPLOADS} times into other projects, which took ${seconds(r.cold.embeddedMs)} (embedded) and ${r.cold.postgresMs === null ? '–' : seconds(r.cold.postgresMs)} (PostgreSQL), the first upload after a start first. Orthanc starts fresh for each data set. The client is node:http in the bench process, on the same machine.`,
    '',
    `| WADO-RS frames, ${WADO_CLIENTS} clients at once, the MR's frames each | requests | p50 | p95 | frames/s |`,
    '|---|---:|---:|---:|---:|',
    `| session cookie, embedded database | ${r.wado.requests} | ${r.wado.p50.toFixed(1)} ms | ${r.wado.p95.toFixed(1)} ms | ${r.wado.perSecond.toFixed(0)} |`,
    '',
    '| de-identification alone: read, de-identify, write each file | Concord (Node, one thread) | gdcmanon 3.0 (`-e`, Basic Profile) | Concord ÷ gdcmanon time |',
    '|---|---:|---:|---:|',
    ...r.deid.map((d) => `| ${d.files}-instance ${d.label} | ${(d.concordMs / 1000).toFixed(2)} s | ${d.gdcmMs === null ? 'not installed' : `${(d.gdcmMs / 1000).toFixed(2)} s`} | ${d.gdcmMs === null ? '' : `${(d.concordMs / d.gdcmMs).toFixed(2)}×`} |`),
    '',
    'gdcmanon also encrypts the original attributes into the file (Encrypted Attributes Sequence, AES-256); Concord keeps no original identifiers unless a project opts into re-identification (then sealed in the database, not in the file). gdcmanon is timed as a process over the folder, start-up included. Each program ran three times, taking turns; the medians.',
  ];
  return lines.join('\n');
}
