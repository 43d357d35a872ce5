import { z } from 'zod';
import type { JobDefinition } from './job';

/** After instances of a series arrive: quality checks, the case for its study or series, pixel-review flag. */
export const seriesRefreshJob: JobDefinition<{ orgId: string; projectId: string; seriesId: string }> = {
  name: 'series-refresh.v1',
  schema: z.object({ orgId: z.string().min(1), projectId: z.string().min(1), seriesId: z.string().min(1) }),
  policy: 'stately',
  retryLimit: 5,
  retryDelaySeconds: 5,
  expireSeconds: 15 * 60,
};
