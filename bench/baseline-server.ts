// The baseline the relay is measured against: a bare node:http server that does the least a
// webhook receiver must do (read the whole body, answer 200 with a small JSON body) and
// nothing else. Run as a child process; prints {"url"} on stdout once listening.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

let answered = 0;

const server = http.createServer((req, res) => {
  req.on('error', () => res.destroy());
  // Hold the whole body in memory, as any receiver that looks at it must.
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    answered++;
    // About the size and headers of the relay's {"ok":true,"id":"evt_..."} answer.
    const payload = Buffer.from(`{"ok":true,"id":"evt_${String(answered).padStart(26, '0')}","bytes":${body.length}}`);
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(payload.length),
      'cache-control': 'no-store',
    });
    res.end(payload);
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
