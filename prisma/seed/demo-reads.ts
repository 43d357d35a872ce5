import fs from 'node:fs';
import { addStroke, initDoc, putFinding } from '../../server/contracts/annotation-doc/doc';
import { decodeRuns } from '../../server/contracts/annotation-doc/runs';
import type { TPoint } from '../../server/contracts/annotation-doc/schema';
import { db } from '../../server/db/client';
import { computeCaseAgreement } from '../../server/domain/consensus/compute';
import type { ProjectContext } from '../../server/domain/projects/context';
import { editDoc } from '../../server/domain/reading/doc-store';
import { submitRead } from '../../server/domain/reading/submit';
import { caseAgreementJob } from '../../server/jobs/definitions/case-agreement';
import { drain } from '../../server/jobs/queue';
import type { SeededUser } from './factories';

type Answer = [present: 'yes' | 'no', malignancy: string | null, quality: 'diagnostic' | 'limited'];

/**
 * Three readers' answers on eight of the lung cases (Chest CT 003–010), so the agreement report
 * and the lead's queue have something to show: five cases where the readers agree (accepted)
 * and three where they do not (to a lead). Cases 001, 002, 011 and 012 stay open for the demo.
 */
const ANSWERS: Record<string, [Answer, Answer, Answer]> = {
  'Chest CT 003': [['yes', 'm4', 'diagnostic'], ['yes', 'm4', 'diagnostic'], ['yes', 'm4', 'diagnostic']],
  'Chest CT 004': [['no', null, 'diagnostic'], ['no', null, 'diagnostic'], ['no', null, 'diagnostic']],
  'Chest CT 005': [['yes', 'm2', 'diagnostic'], ['yes', 'm2', 'diagnostic'], ['yes', 'm3', 'diagnostic']],
  'Chest CT 006': [['no', null, 'diagnostic'], ['no', null, 'limited'], ['no', null, 'diagnostic']],
  'Chest CT 007': [['yes', 'm5', 'diagnostic'], ['yes', 'm5', 'diagnostic'], ['yes', 'm5', 'diagnostic']],
  'Chest CT 008': [['yes', 'm3', 'diagnostic'], ['no', null, 'diagnostic'], ['yes', 'm3', 'diagnostic']],
  'Chest CT 009': [['no', null, 'diagnostic'], ['no', null, 'diagnostic'], ['no', null, 'diagnostic']],
  'Chest CT 010': [['yes', 'm1', 'limited'], ['yes', 'm1', 'limited'], ['yes', 'm1', 'limited']],
};

export async function seedDemoReads(ctx: ProjectContext, readers: SeededUser[]) {
  for (const [label, answers] of Object.entries(ANSWERS)) {
    for (const [i, reader] of readers.entries()) {
      const a = await db().assignment.findFirst({ where: { projectId: ctx.projectId, readerId: reader.id, case: { label } }, select: { id: true } });
      if (!a) continue;
      const [present, malignancy, quality] = answers[i]!;
      await submitRead({ actor: reader, orgId: ctx.orgId, role: 'MEMBER' }, a.id, { answers: { nodule_present: present, image_quality: quality, ...(malignancy ? { malignancy } : {}) } });
    }
  }
  await drain(caseAgreementJob, computeCaseAgreement);
}

/**
 * Submits the LIDC-IDRI 0221 outlines (prisma/seed/data/lidc-0221/reads.json) as the three
 * readers' reads of the project's one case: each reader's masks are painted into their
 * annotation document, one stroke a slice, and submitted like a read from the viewer.
 */
export async function seedOutlineReads(ctx: ProjectContext, readers: SeededUser[], file: string) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { rows: number; columns: number; readers: { slices: Record<string, number[]> }[] };
  const instances = await db().instance.findMany({
    where: { projectId: ctx.projectId },
    orderBy: { instanceNumber: 'asc' },
    select: { sopInstanceUid: true, instanceNumber: true, imagePosition: true, imageOrientation: true, pixelSpacing: true, series: { select: { seriesInstanceUid: true } } },
  });
  for (const [i, reader] of readers.entries()) {
    const a = await db().assignment.findFirst({ where: { projectId: ctx.projectId, readerId: reader.id }, select: { id: true } });
    const slices = data.readers[i]?.slices;
    if (!a || !slices) continue;
    await editDoc(`assignment:${a.id}`, (doc) => {
      initDoc(doc, 1);
      doc.transact(() => {
        for (const [n, runs] of Object.entries(slices)) {
          const inst = instances.find((x) => x.instanceNumber === Number(n));
          if (inst) addStroke(doc, { id: `lidc-${i}-${n}`, labelId: 'nodule', op: 'paint', image: { seriesUid: inst.series.seriesInstanceUid, sopUid: inst.sopInstanceUid, frame: 1 }, rows: data.rows, columns: data.columns, runs });
        }
        // The reader's long axis: the longest chord of their own outline on the slice where it is largest.
        const [n, runs] = Object.entries(slices).sort((a, b) => area(b[1]) - area(a[1]))[0] ?? [];
        const inst = instances.find((x) => x.instanceNumber === Number(n));
        if (!inst || !runs) return;
        const [p0, p1] = longAxis(decodeRuns(runs, data.rows * data.columns), data.columns);
        const world = ([x, y]: [number, number]) => [0, 1, 2].map((k) => inst.imagePosition[k]! + x * inst.pixelSpacing[1]! * inst.imageOrientation[k]! + y * inst.pixelSpacing[0]! * inst.imageOrientation[k + 3]!) as TPoint;
        const mm = Math.hypot((p1[0] - p0[0]) * inst.pixelSpacing[1]!, (p1[1] - p0[1]) * inst.pixelSpacing[0]!);
        putFinding(doc, { id: `lidc-axis-${i}`, labelId: 'long_axis', tool: 'length', image: { seriesUid: inst.series.seriesInstanceUid, sopUid: inst.sopInstanceUid, frame: 1 }, points: [world(p0), world(p1)], values: [{ name: 'length', value: Math.round(mm * 100) / 100, unit: 'mm' }], text: '', attributes: {} });
      });
    });
    await submitRead({ actor: reader, orgId: ctx.orgId, role: 'MEMBER' }, a.id);
  }
  await drain(caseAgreementJob, computeCaseAgreement);
}

const area = (runs: number[]) => runs.reduce((s, v, i) => (i % 2 ? s + v : s), 0);

/** The two mask pixels farthest apart (pixel centres, [column, row]); only edge pixels can be the ends. */
export function longAxis(mask: Uint8Array, columns: number): [[number, number], [number, number]] {
  const rows = mask.length / columns;
  const on = (x: number, y: number) => x >= 0 && y >= 0 && x < columns && y < rows && mask[y * columns + x] === 1;
  const edge: [number, number][] = [];
  for (let y = 0; y < rows; y++) for (let x = 0; x < columns; x++) if (on(x, y) && !(on(x - 1, y) && on(x + 1, y) && on(x, y - 1) && on(x, y + 1))) edge.push([x, y]);
  let best: [[number, number], [number, number]] = [edge[0] ?? [0, 0], edge[0] ?? [0, 0]];
  let far = -1;
  for (let a = 0; a < edge.length; a++) for (let b = a + 1; b < edge.length; b++) {
    const d = (edge[a]![0] - edge[b]![0]) ** 2 + (edge[a]![1] - edge[b]![1]) ** 2;
    if (d > far) [far, best] = [d, [edge[a]!, edge[b]!]];
  }
  return best;
}
