import { stopQueue, work } from '../server/jobs/queue';
import { logger } from '../server/lib/logger';
import { seriesRefreshHandler } from './handlers/series-refresh.handler';

/** Every job type this runner works. */
export const HANDLERS = [seriesRefreshHandler] as const;

/** Starts working every queue in this process (the in-process runner of `npm start`, or `npm run start:worker`). */
export async function startJobRunner() {
  for (const h of HANDLERS) await work(h.def, h.run);
  logger.info('job runner started', { queues: HANDLERS.map((h) => h.def.name) });
  return { stop: stopQueue };
}
