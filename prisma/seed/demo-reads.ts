import fs from 'node:fs';
import { addStroke, initDoc } from '../../server/contracts/annotation-doc/doc';
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
      await submitRead({ actor: reader, orgId: ctx.orgId, role: 'MEMBER' }, a.id, { nodule_present: present, image_quality: quality, ...(malignancy ? { malignancy } : {}) });
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
  const instances = await db().instance.findMany({ where: { projectId: ctx.projectId }, orderBy: { instanceNumber: 'asc' }, select: { sopInstanceUid: true, instanceNumber: true, series: { select: { seriesInstanceUid: true } } } });
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
      });
    });
    await submitRead({ actor: reader, orgId: ctx.orgId, role: 'MEMBER' }, a.id);
  }
  await drain(caseAgreementJob, computeCaseAgreement);
}
