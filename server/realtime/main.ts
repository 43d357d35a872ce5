/**
 * `npm run start:collab`: the collaboration server as its own process (production scale-out),
 * on COLLAB_PORT against DATABASE_URL. Browsers find it through COLLAB_PUBLIC_URL.
 */
import { env, EnvError } from '../config/env';
import { disconnectDb } from '../db/client';
import { logger } from '../lib/logger';
import { createCollabServer } from './collab';

async function main() {
  const e = env();
  if (!e.DATABASE_URL) throw new EnvError(['DATABASE_URL: is required for the collaboration server as its own process']);
  const collab = createCollabServer();
  await collab.listen(e.COLLAB_PORT);
  logger.info('collaboration server listening', { port: collab.address.port });
  const stop = async () => {
    await collab.destroy().catch(() => {});
    await disconnectDb();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  if (err instanceof EnvError) process.stderr.write(`${err.message}\n`);
  else logger.error('collaboration server failed to start', { err });
  process.exit(1);
});
