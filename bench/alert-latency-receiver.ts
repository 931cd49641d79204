// The alert receiver of the alert-latency benchmark, run as its own process: takes each rule's
// webhook on 127.0.0.1 (the path names the rule: /desktop or /relay), reads it fully, answers
// 204, and notes when it arrived (shared monotonic clock) with the marker from its JSON body.
// Control routes under /__bench/ let the bench read and reset what arrived. Prints {"url"}.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monoMs } from './mono-clock.js';

/** Column-wise, one entry per alert request, in arrival order. */
let rules: string[] = [];
let markers: string[] = [];
let arrivedAt: number[] = [];

function control(req: http.IncomingMessage, res: http.ServerResponse) {
  let payload: unknown;
  if (req.url === '/__bench/count') payload = { count: rules.length };
  else if (req.url === '/__bench/report') payload = { rules, markers, arrivedAt };
  else if (req.url === '/__bench/reset' && req.method === 'POST') {
    rules = [];
    markers = [];
    arrivedAt = [];
    payload = { ok: true };
  } else {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}

function markerOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { marker?: unknown };
    return typeof parsed.marker === 'string' ? parsed.marker : '';
  } catch {
    return '';
  }
}

const server = http.createServer((req, res) => {
  req.on('error', () => res.destroy());
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url?.startsWith('/__bench/')) {
      control(req, res);
      return;
    }
    // Stamped before parsing: the alert has arrived once its body is read.
    const at = monoMs();
    rules.push((req.url ?? '').slice(1));
    markers.push(markerOf(Buffer.concat(chunks).toString('utf8')));
    arrivedAt.push(at);
    res.writeHead(204).end();
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
