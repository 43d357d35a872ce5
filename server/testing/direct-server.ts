import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveDirectly } from '../lib/direct-routes';

/** A real HTTP server with the production server's direct routes (DICOMweb, uploads); anything else is 404. */
export async function startDirectServer() {
  const server = http.createServer((req, res) => {
    if (serveDirectly(req, res)) return;
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
