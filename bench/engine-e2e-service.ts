// The "local service" of the end-to-end benchmark, run as its own process: a webhook handler
// on 127.0.0.1 that reads each request fully, answers 200, and notes when it arrived (shared
// monotonic clock) with the sender's id and send time from the x-bench-* headers.
// Control routes under /__bench/ let the bench read and reset what arrived. Prints {"url"}.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monoMs } from './mono-clock.js';

/** Column-wise, so a report of tens of thousands of arrivals stays cheap to build. */
let ids: string[] = [];
let sentAt: number[] = [];
let arrivedAt: number[] = [];

const ANSWER = Buffer.from('{"received":true}');

function header(req: http.IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === 'string' ? value : '';
}

function control(req: http.IncomingMessage, res: http.ServerResponse) {
  let payload: unknown;
  if (req.url === '/__bench/count') payload = { count: ids.length };
  else if (req.url === '/__bench/report') payload = { ids, sentAt, arrivedAt };
  else if (req.url === '/__bench/reset' && req.method === 'POST') {
    ids = [];
    sentAt = [];
    arrivedAt = [];
    payload = { ok: true };
  } else {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}

const server = http.createServer((req, res) => {
  req.on('error', () => res.destroy());
  if (req.url?.startsWith('/__bench/')) {
    req.resume();
    req.on('end', () => control(req, res));
    return;
  }
  // A handler must read the whole body before it can act on the event.
  req.on('data', () => {});
  req.on('end', () => {
    arrivedAt.push(monoMs());
    ids.push(header(req, 'x-bench-id'));
    sentAt.push(Number(header(req, 'x-bench-sent')));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(ANSWER.length) });
    res.end(ANSWER);
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
