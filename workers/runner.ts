import type { JobDefinition } from '../server/jobs/definitions/job';
import { stopQueue, work, type Handler } from '../server/jobs/queue';
import { logger } from '../server/lib/logger';
import { caseAgreementHandler } from './handlers/case-agreement.handler';
import { exportSnapshotHandler } from './handlers/export-snapshot.handler';
import { seriesRefreshHandler } from './handlers/series-refresh.handler';

/** A job type with the function that works it (typed together, listed apart). */
const handler = <P>(h: { def: JobDefinition<P>; run: Handler<P> }) => () => work(h.def, h.run).then(() => h.def.name);

/** Every job type this runner works. */
export const HANDLERS = [handler(seriesRefreshHandler), handler(caseAgreementHandler), handler(exportSnapshotHandler)];

/** Starts working every queue in this process (the in-process runner of `npm start`, or `npm run start:worker`). */
export async function startJobRunner() {
  const queues = [];
  for (const start of HANDLERS) queues.push(await start());
  logger.info('job runner started', { queues });
  return { stop: stopQueue };
}
