/**
 * Export at scale: a project of N cases (default 100), each a 512×512×200 CT series read by
 * three readers who segmented one structure, with an accepted consensus; one snapshot with every
 * read in NIfTI and DICOM SEG. Reports seconds, label-map MB/s, the zip size and peak memory
 * sampled as the cases go by (flat: one case is held at a time).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { createOrg, createUser } from '../../prisma/seed/factories';
import { reloadEnv } from '../../server/config/env';
import { bulkSegmentedCases } from '../../server/db/bench-seed';
import { db, disconnectDb } from '../../server/db/client';
import { buildSnapshot } from '../../server/domain/export/build';
import { ENGINE_VERSION } from '../../server/stats';
import { callerFor } from '../../server/testing/callers';

const CASES = Number(process.env.BENCH_EXPORT_CASES ?? 100);
const GRID = { columns: 512, rows: 512, slices: 200, spacing: [0.7, 0.7, 1.25] };

/** A sphere of radius r voxels around the volume's centre, shifted by dx columns. */
function sphere(r: number, dx: number) {
  const { columns: nx, rows: ny, slices: nz } = GRID;
  const m = new Uint8Array(nx * ny * nz);
  let n = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const [a, b, c] = [x - nx / 2 - dx, y - ny / 2, ((z - nz / 2) * GRID.spacing[2]!) / GRID.spacing[0]!];
        if (a * a + b * b + c * c <= r * r) {
          m[z * nx * ny + y * nx + x] = 1;
          n++;
        }
      }
    }
  }
  return { deflated: deflateSync(m), voxels: n };
}

export async function exportBench(url: string) {
  process.env.DATABASE_URL = url;
  process.env.AUTH_SECRET ??= 'bench-secret-that-is-at-least-32-characters';
  process.env.CONCORD_BLOB_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-blobs-'));
  reloadEnv();
  const pm = await createUser({ name: 'Bench PM' });
  const readers = await Promise.all([1, 2, 3].map((i) => createUser({ name: `Bench Reader ${i}` })));
  const org = await createOrg({ members: [{ user: pm, role: 'ADMIN' }, ...readers.map((r) => ({ user: r, role: 'MEMBER' as const }))] });
  const api = await callerFor(pm);
  const { id: projectId } = await api.project.create({ orgSlug: org.slug, name: 'Export bench', description: '', modality: 'CT', readersPerCase: 3, blinded: true, consensusMethod: 'MAJORITY', autoAcceptThreshold: 0.5 });
  const scope = { orgSlug: org.slug, projectId };
  await api.project.saveLabelSchema({ ...scope, schema: { questions: [], labels: [{ id: 'organ', name: 'Organ', color: '#22aa88', kind: 'segmentation', attributes: [] }] } });
  const reads = [-4, 0, 4].map((dx) => sphere(60, dx));
  const consensus = sphere(60, 0);
  await bulkSegmentedCases(org.id, projectId, readers.map((r) => r.id), CASES, GRID, 'organ', { reads: reads.map((r) => r.deflated), consensus: consensus.deflated, voxels: consensus.voxels }, ENGINE_VERSION);

  const { id } = await api.export.create({ ...scope, options: { reads: true, formats: ['nifti', 'seg'] } });
  const samples: { done: number; rss: number }[] = [];
  // The embedded database runs in this process too: what is used before the export starts.
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const progress = setInterval(() => {
    void db().exportSnapshot.findUnique({ where: { id }, select: { casesDone: true } }).then((s) => samples.push({ done: s?.casesDone ?? 0, rss: peak }));
  }, 1000);
  const t0 = performance.now();
  await buildSnapshot({ orgId: org.id, projectId, exportId: id });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  clearInterval(progress);
  const snap = await db().exportSnapshot.findUniqueOrThrow({ where: { id } });
  if (snap.status !== 'READY') throw new Error(`export failed: ${snap.error}`);
  await disconnectDb();
  // Four label maps per case (consensus and three reads), one byte per voxel before compression.
  const labelBytes = CASES * 4 * GRID.columns * GRID.rows * GRID.slices;
  const at = (share: number) => samples.find((s) => s.done >= Math.ceil(CASES * share))?.rss ?? peak;
  return { seconds, labelMBs: labelBytes / 2 ** 20 / seconds, zipMB: Number(snap.size) / 2 ** 20, files: (snap.manifest as { files: unknown[] }).files.length, baselineMB: baseline / 2 ** 20, peakMB: peak / 2 ** 20, quarterMB: at(0.25), halfMB: at(0.5) };
}

export function exportTable(r: Awaited<ReturnType<typeof exportBench>>): string {
  const mb = (b: number) => (b > 1e5 ? b / 2 ** 20 : b).toFixed(0);
  return [
    `${CASES} cases × (3 reads + consensus) of ${GRID.columns}×${GRID.rows}×${GRID.slices} masks → NIfTI label maps and DICOM SEG, every read included, embedded database.`,
    '',
    '| seconds | s per case | label maps MB/s | zip MB | files | RSS before MB | peak RSS MB after ¼ / ½ / all cases |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${r.seconds.toFixed(1)} | ${(r.seconds / CASES).toFixed(2)} | ${r.labelMBs.toFixed(0)} | ${r.zipMB.toFixed(1)} | ${r.files} | ${r.baselineMB.toFixed(0)} | ${mb(r.quarterMB)} / ${mb(r.halfMB)} / ${r.peakMB.toFixed(0)} |`,
    '',
    'MB/s counts the uncompressed label maps (one byte per voxel) written as NIfTI; each is also written as a DICOM SEG. RSS includes the embedded database, which runs in the same process.',
  ].join('\n');
}
