/**
 * `npm run bench`: runs the benchmarks on the embedded database and, when the machine's
 * PostgreSQL answers (or BENCH_DATABASE_URL is set), on a fresh database there; writes
 * e2e/bench/RESULTS.md. Timings are reported, never asserted.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../server/db/embedded';
import { applyMigrations } from '../../server/db/migrate';
import { machineNotes, writeSection } from './machine';
import { collabBench, collabTable } from './collab.bench';
import { exportBench, exportTable } from './export.bench';
import { modelBench, modelTable } from './model.bench';
import { statsBench, statsTable } from './stats.bench';
import { ingestBench, ingestTable } from './ingest.bench';
import { readingTable, syncBench, viewerBench } from './reading.bench';
import { workspaceBench, workspaceTable } from './workspace.bench';

const results = path.join(import.meta.dirname, 'RESULTS.md');
process.env.LOG_LEVEL = 'error';

async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T | null> {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = `concord_bench_${process.pid}`;
  const psql = (sql: string) => execFileSync('psql', [admin, '-qc', sql], { stdio: 'pipe' });
  try {
    psql(`CREATE DATABASE ${name}`);
  } catch {
    console.log('PostgreSQL not reachable: skipping the PostgreSQL runs');
    return null;
  }
  const url = admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  try {
    await applyMigrations(url);
    return await fn(url);
  } finally {
    psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** `npm run bench` runs everything; `npm run bench -- stats` (or workspace, ingest, reading, export, model, collab) one section. */
const only = process.argv[2];

async function main() {
  if (!only || only === 'stats') {
    console.log('stats engine…');
    const table = statsTable(statsBench());
    writeSection(results, 'Agreement engine (issue: every inter-observer statistic)', `Machine: ${machineNotes()}\n\n${table}`);
    console.log(table);
  }
  if (!only || only === 'ingest') {
    console.log('ingest: upload, Orthanc, WADO-RS, de-identification against gdcmanon…');
    const table = ingestTable(await ingestBench(withPostgres));
    writeSection(results, 'DICOM in (issue: upload, de-identification, DICOMweb)', `Machine: ${machineNotes()}\n\n${table}`);
    console.log(table);
  }
  if (!only || only === 'reading') {
    console.log('reading: sync latency (embedded database)…');
    const embedded = await startEmbeddedDatabase(null);
    await applyMigrations(embedded.url);
    const sync = [{ label: 'embedded', r: await syncBench(embedded.url) }];
    await embedded.stop();
    console.log('reading: sync latency (PostgreSQL)…');
    const pg = await withPostgres((url) => syncBench(url));
    if (pg) sync.push({ label: 'PostgreSQL', r: pg });
    console.log('reading: viewer in Chromium…');
    const viewer = await viewerBench();
    const table = readingTable(sync, viewer);
    writeSection(results, 'Reading (issue: viewer, annotation documents)', `Machine: ${machineNotes()}\n\n${table}`);
    console.log(table);
  }
  if (!only || only === 'export') {
    console.log('export: snapshot of segmented cases (embedded database)…');
    const embedded = await startEmbeddedDatabase(null);
    await applyMigrations(embedded.url);
    const table = exportTable(await exportBench(embedded.url));
    await embedded.stop();
    writeSection(results, 'Export (issue: ground truth out)', `Machine: ${machineNotes()}\n\n${table}`);
    console.log(table);
  }
  if (!only || only === 'model') {
    console.log('model: suggestions in Chromium (demo chest X-ray)…');
    const table = modelTable(await modelBench());
    writeSection(results, 'Model suggestions (issue: pre-annotation in the browser)', `Machine: ${machineNotes()}\n\n${table}`);
    console.log(table);
  }
  if (!only || only === 'collab') {
    console.log('collab: 200 clients on 20 documents, one server and two behind Redis (PostgreSQL)…');
    const runs = await withPostgres((url) => collabBench(url));
    if (runs) {
      const table = collabTable(runs);
      writeSection(results, 'Collaboration load (issue: adjudication together)', `Machine: ${machineNotes()}\n\n${table}`);
      console.log(table);
    }
  }
  if (only && only !== 'workspace') return;
  const embedded = await startEmbeddedDatabase(null);
  await applyMigrations(embedded.url);
  console.log('workspace: embedded database…');
  const onEmbedded = await workspaceBench(embedded.url, 'embedded');
  await embedded.stop();
  console.log('workspace: PostgreSQL…');
  const onPostgres = await withPostgres((url) => workspaceBench(url, 'PostgreSQL'));
  const table = workspaceTable(onPostgres ? [onEmbedded, onPostgres] : [onEmbedded]);
  writeSection(results, 'Workspace queries (issue: worklist and progress at 100 000 cases)', `Machine: ${machineNotes()}\n\n${table}`);
  console.log(table);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
