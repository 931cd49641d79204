// Sends exact request bytes over a TCP socket, so a test controls every header byte.
import net from 'node:net';

export interface RawResponse {
  status: number;
  head: string;
  body: string;
}

export function rawRequest(baseUrl: string, request: Buffer | string): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      resolve({ status: Number(head.split(' ')[1]), head, body: text.slice(split + 4) });
    });
    socket.end(request);
  });
}

/** Builds an HTTP/1.1 request with `Connection: close` and the given header lines, in order. */
export function buildRequest(
  method: string,
  target: string,
  host: string,
  headers: [string, string][],
  body: Buffer = Buffer.alloc(0),
): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`, ...headers.map(([n, v]) => `${n}: ${v}`)];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}
