import { z } from 'zod';
import type { JobDefinition } from './job';

/** Builds one export snapshot's zip. */
export const exportSnapshotJob: JobDefinition<{ orgId: string; projectId: string; exportId: string }> = {
  name: 'export-snapshot.v1',
  schema: z.object({ orgId: z.string().min(1), projectId: z.string().min(1), exportId: z.string().min(1) }),
  policy: 'standard',
  retryLimit: 2,
  retryDelaySeconds: 30,
  expireSeconds: 2 * 60 * 60,
};
