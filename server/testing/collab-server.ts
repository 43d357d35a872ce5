import { afterAll, beforeAll } from 'vitest';
import { reloadEnv } from '../config/env';
import { createCollabServer } from '../realtime/collab';

/** A collaboration server on a free port for the test file; `url()` is its ws:// address once started. */
export function collabServerForTests() {
  const servers = collabServersForTests(1);
  return { url: () => servers.url(0) };
}

/** `n` collaboration servers in this process (relaying through Redis when REDIS_URL is set); `url(i)` is the i-th one's address. */
export function collabServersForTests(n: number) {
  const servers: ReturnType<typeof createCollabServer>[] = [];
  beforeAll(async () => {
    reloadEnv();
    for (let i = 0; i < n; i++) {
      const s = createCollabServer();
      await s.listen(0);
      servers.push(s);
    }
  });
  afterAll(async () => {
    for (const s of servers) await s.destroy();
  });
  return { url: (i: number) => `ws://127.0.0.1:${servers[i]!.address.port}` };
}
