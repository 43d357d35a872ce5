import { db } from '../../server/db/client';
import { computeCaseAgreement } from '../../server/domain/consensus/compute';
import type { ProjectContext } from '../../server/domain/projects/context';
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
