import type { TLabelSchema } from '../contracts/label-schema';
import { db } from '../db/client';
import { computeCaseAgreement } from '../domain/consensus/compute';
import { caseAgreementJob } from '../jobs/definitions/case-agreement';
import { drain } from '../jobs/queue';
import { until } from './collab-client';
import { FIXTURES, filesIn, ingestAs } from './dicom';
import { projectWorld } from './project-world';

/**
 * Runs the queued agreement jobs and waits until these cases have their agreement. Test files
 * share one queue, so another file's drain may be the one running a job of ours.
 */
export async function settleAgreements(caseIds: string[]) {
  await drain(caseAgreementJob, computeCaseAgreement);
  await until(async () => (await db().caseAgreement.count({ where: { caseId: { in: caseIds } } })) === caseIds.length, `the agreement of ${caseIds.length} case(s)`);
}

/**
 * Two blinded readers on a STAPLE project (auto-accept at 0.9) with the given schema and one
 * case: three slices of the real MR series, distributed.
 */
export async function mrSegmentationWorld(schema: TLabelSchema) {
  const w = await projectWorld({ readers: 2, readersPerCase: 2 });
  const owner = await w.as(w.users.OWNER);
  const p = await owner.project.get(w.scope);
  await owner.project.updateSettings({ ...w.scope, name: p.name, description: p.description, modality: p.modality, readersPerCase: 2, blinded: true, consensusMethod: 'STAPLE', autoAcceptThreshold: 0.9 });
  await owner.project.saveLabelSchema({ ...w.scope, schema });
  await ingestAs(w.users.MANAGER, w.scope, filesIn(FIXTURES.mrSeries).slice(20, 23));
  await owner.case.distribute(w.scope);
  return w;
}
