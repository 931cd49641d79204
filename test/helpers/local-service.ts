// A developer's local webhook handler for tests: a real HTTP server on 127.0.0.1 that
// records every request exactly as it arrived and counts the TCP connections opened to it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  rawHeaders: [string, string][];
  body: Buffer;
}

export interface LocalService {
  url: string;
  port: number;
  received: ReceivedRequest[];
  connections: number;
  /** How the service answers; replaceable per test. */
  respond: (req: ReceivedRequest, res: http.ServerResponse) => void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startLocalService(port = 0): Promise<LocalService> {
  const waiters: { count: number; resolve: () => void }[] = [];
  const service: LocalService = {
    url: '',
    port: 0,
    received: [],
    connections: 0,
    respond: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    },
    waitFor(count, timeoutMs = 20_000) {
      if (service.received.length >= count) return Promise.resolve(service.received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`local service got ${service.received.length} of ${count} requests in time`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(service.received);
          },
        });
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawHeaders: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      const received = { method: req.method ?? '', url: req.url ?? '', rawHeaders, body: Buffer.concat(chunks) };
      service.received.push(received);
      service.respond(received, res);
      for (const w of [...waiters]) {
        if (service.received.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });
  server.on('connection', () => {
    service.connections++;
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  service.port = (server.address() as AddressInfo).port;
  service.url = `http://127.0.0.1:${service.port}`;
  return service;
}
