import { z } from 'zod';
import type { JobDefinition } from './job';

/** When every read of a case is in: its agreement, candidate consensus and the policy's decision. */
export const caseAgreementJob: JobDefinition<{ orgId: string; projectId: string; caseId: string }> = {
  name: 'case-agreement.v1',
  schema: z.object({ orgId: z.string().min(1), projectId: z.string().min(1), caseId: z.string().min(1) }),
  policy: 'stately',
  retryLimit: 5,
  retryDelaySeconds: 10,
  expireSeconds: 30 * 60,
};
