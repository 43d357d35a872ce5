import { db } from '../db/client';
import { computeCaseAgreement } from '../domain/consensus/compute';
import { caseAgreementJob } from '../jobs/definitions/case-agreement';
import { drain } from '../jobs/queue';
import { until } from './collab-client';

/**
 * Runs the queued agreement jobs and waits until these cases have their agreement. Test files
 * share one queue, so another file's drain may be the one running a job of ours.
 */
export async function settleAgreements(caseIds: string[]) {
  await drain(caseAgreementJob, computeCaseAgreement);
  await until(async () => (await db().caseAgreement.count({ where: { caseId: { in: caseIds } } })) === caseIds.length, `the agreement of ${caseIds.length} case(s)`);
}
