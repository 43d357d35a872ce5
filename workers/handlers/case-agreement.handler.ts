import { computeCaseAgreement } from '../../server/domain/consensus/compute';
import { caseAgreementJob } from '../../server/jobs/definitions/case-agreement';

export const caseAgreementHandler = { def: caseAgreementJob, run: computeCaseAgreement };
