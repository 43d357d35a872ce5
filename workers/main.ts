/** `npm run start:worker`: a process that only works jobs, against DATABASE_URL (scale-out). */
import { env } from '../server/config/env';
import { logger } from '../server/lib/logger';
import { startJobRunner } from './runner';

async function main() {
  if (!env().DATABASE_URL) throw new Error('start:worker needs DATABASE_URL; `npm start` runs jobs in-process on the embedded database');
  const runner = await startJobRunner();
  const stop = async () => {
    await runner.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  logger.error('worker failed to start', { err });
  process.exit(1);
});
