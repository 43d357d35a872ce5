import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Unzip, UnzipInflate } from 'fflate';
import { fitsGroup } from '../contracts/upload-group';
import { ingestFiles, type IngestFileResult } from '../domain/ingest/ingest';
import { startOperatorBatch } from '../domain/ingest/operator';
import { refreshSeries } from '../domain/ingest/series-refresh';
import { seriesRefreshJob } from '../jobs/definitions/series-refresh';
import { drain } from '../jobs/queue';
import type { Command } from './commands';
import { table, UsageError } from './output';

type Source = AsyncGenerator<{ name: string; bytes: Uint8Array }>;

/** `import <folder|zip>`: every file through the same pipeline as an upload, with progress and a summary. */
export const importCommand: Command = {
  database: true,
  usage: 'import <folder|file.zip> --project <id|name> [--org <slug>] [--json]',
  summary: 'de-identify and add a folder or .zip of DICOM files to a project',
  async run(args, out) {
    const { values, positionals } = parseArgs({ args, options: { project: { type: 'string' }, org: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
    const target = positionals[0];
    if (!target || !values.project) throw new UsageError('import needs a folder or .zip and --project');
    if (!fs.existsSync(target)) throw new UsageError(`${target} does not exist`);
    const ctx = await startOperatorBatch(values.project, values.org);
    const isZip = fs.statSync(target).isFile() && target.toLowerCase().endsWith('.zip');
    const total = isZip ? null : countFiles(target);
    const results: IngestFileResult[] = [];
    const started = performance.now();
    let bytes = 0;
    // Files go in as the browser sends them, a few small ones at a time: each group queues its series' job once, not every file.
    let group: { name: string; bytes: Uint8Array }[] = [];
    let groupBytes = 0;
    const flush = async () => {
      results.push(...(await ingestFiles(ctx, group)));
      bytes += groupBytes;
      [group, groupBytes] = [[], 0];
      if (!values.json) progress(results.length, total, bytes, performance.now() - started);
    };
    for await (const file of isZip ? zipEntries(target) : folderFiles(target)) {
      if (!fitsGroup(group.length, groupBytes, file.bytes.length)) await flush();
      group.push(file);
      groupBytes += file.bytes.length;
    }
    if (group.length) await flush();
    if (!values.json) process.stderr.write('\n');
    await drain(seriesRefreshJob, refreshSeries);
    const count = (o: string) => results.filter((r) => r.outcome === o).length;
    const summary = { project: ctx.projectName, batch: ctx.batchId, files: results.length, accepted: count('ACCEPTED'), duplicates: count('DUPLICATE'), rejected: count('REJECTED') };
    if (values.json) {
      out(JSON.stringify({ ...summary, rejections: results.filter((r) => r.outcome === 'REJECTED').map((r) => ({ file: r.name, reason: r.reason })) }));
      return;
    }
    out(table([summary], Object.keys(summary)));
    const rejected = results.filter((r) => r.outcome === 'REJECTED');
    if (rejected.length) out(`\nRejected:\n${table(rejected.map((r) => ({ file: r.name, reason: r.reason })), ['file', 'reason'])}`);
  },
};

function progress(done: number, total: number | null, bytes: number, ms: number) {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : 0;
  const bar = total ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}` : `${done} files`;
  const rate = bytes / 2 ** 20 / Math.max(ms / 1000, 0.001);
  process.stderr.write(`\r${bar}  ${rate.toFixed(1)} MB/s`);
}

function countFiles(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((d) => d.isFile()).length;
}

async function* folderFiles(dir: string): Source {
  const entries = fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((d) => d.isFile());
  for (const d of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(d.parentPath, d.name);
    yield { name: path.relative(dir, full), bytes: await fs.promises.readFile(full) };
  }
}

/** Entries of a zip, streamed: the archive is read in chunks and one entry is held at a time. */
async function* zipEntries(file: string): Source {
  const ready: { name: string; bytes: Uint8Array }[] = [];
  const unzip = new Unzip((entry) => {
    if (entry.name.endsWith('/')) return;
    const chunks: Uint8Array[] = [];
    entry.ondata = (err, chunk, final) => {
      if (err) throw err;
      chunks.push(chunk);
      if (final) ready.push({ name: entry.name, bytes: Buffer.concat(chunks) });
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    unzip.push(chunk as Uint8Array);
    while (ready.length) yield ready.shift()!;
  }
  unzip.push(new Uint8Array(0), true);
  while (ready.length) yield ready.shift()!;
}
