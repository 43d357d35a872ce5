import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { until } from './collab-client';

const root = path.resolve(import.meta.dirname, '../..');

export async function freePort() {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)));
    c.on('error', () => resolve(false));
  });

/** The collaboration server as its own process (`npm run start:collab`) on `port`, killable; `env` is added to this process's. */
export async function startCollabProcess(port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/realtime/main.ts'], {
    cwd: root,
    env: { ...process.env, COLLAB_PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await until(() => listening(port), 'the collaboration process to listen', 60_000);
  return child;
}
