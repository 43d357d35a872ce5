/**
 * The collaboration server for the idle-memory measurement: the same server as
 * `npm run start:collab`, run with --expose-gc so that, asked over IPC, it can collect garbage
 * and report what it retains (process.memoryUsage after a full collection).
 */
import { createCollabServer } from '../../server/realtime/collab';

const collab = createCollabServer();
await collab.listen(Number(process.env.COLLAB_PORT));
process.send?.({ listening: true });
process.on('message', () => {
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.(process.memoryUsage());
});
