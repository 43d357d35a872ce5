import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, ZExportOptionsSchema } from '../contracts/export';
import { buildSnapshot } from '../domain/export/build';
import { createExport, getExport, openExport } from '../domain/export/snapshots';
import { operatorProject } from '../domain/ingest/operator';
import { exportSnapshotJob } from '../jobs/definitions/export-snapshot';
import { drain } from '../jobs/queue';
import type { Command } from './commands';
import { table, UsageError } from './output';

/** `export`: a new snapshot of a project, built here and written to a zip file. */
export const exportCommand: Command = {
  database: true,
  usage: `export --project <id|name> --out <file.zip> [--org <slug>] [--format ${EXPORT_FORMATS.join(',')}] [--cases final|all] [--reads] [--images] [--license <text>] [--json]`,
  summary: 'snapshot a project’s labels (and images) into a versioned zip: NIfTI, COCO, tables, dataset card',
  async run(args, out) {
    const { values } = parseArgs({
      args,
      options: { project: { type: 'string' }, out: { type: 'string' }, org: { type: 'string' }, format: { type: 'string' }, cases: { type: 'string' }, reads: { type: 'boolean' }, images: { type: 'boolean' }, license: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.project || !values.out) throw new UsageError('export needs --project and --out');
    const options = ZExportOptionsSchema.safeParse({
      cases: values.cases,
      reads: values.reads,
      images: values.images,
      license: values.license,
      formats: values.format ? values.format.split(',').map((f) => f.trim()) : undefined,
    });
    if (!options.success) throw new UsageError(options.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
    const ctx = await operatorProject(values.project, values.org);
    const { id, version } = await createExport(ctx, options.data);
    // The job queued by createExport is worked here (and by any running worker): whoever takes it first builds it.
    await drain(exportSnapshotJob, (p) => buildSnapshot(p));
    let snap = await getExport(ctx, id);
    while (snap.status === 'QUEUED' || snap.status === 'RUNNING') {
      if (!values.json) process.stderr.write(`\rbuilding v${version}: ${snap.casesDone}/${snap.casesTotal} cases`);
      await new Promise((r) => setTimeout(r, 500));
      snap = await getExport(ctx, id);
    }
    if (!values.json) process.stderr.write('\n');
    if (snap.status === 'FAILED') throw new UsageError(`The snapshot failed: ${snap.error}`);
    const zip = await openExport(ctx, id);
    await pipeline(zip.stream, fs.createWriteStream(values.out));
    const m = snap.manifest!;
    const summary = { project: ctx.projectName, version, cases: m.cases.length, files: m.files.length, bytes: zip.size, sha256: zip.sha256, out: values.out };
    out(values.json ? JSON.stringify(summary) : table([summary], Object.keys(summary)));
  },
};
