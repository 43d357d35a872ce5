import { afterAll, beforeAll } from 'vitest';
import { createCollabServer } from '../realtime/collab';

/** A collaboration server on a free port for the test file; `url()` is its ws:// address once started. */
export function collabServerForTests() {
  let server: ReturnType<typeof createCollabServer> | null = null;
  beforeAll(async () => {
    server = createCollabServer();
    await server.listen(0);
  });
  afterAll(async () => {
    await server?.destroy();
  });
  return { url: () => `ws://127.0.0.1:${server!.address.port}` };
}
