// Who may talk to the engine's loopback server: any page the user visits can reach
// 127.0.0.1, so a request must name our host exactly (DNS rebinding), come from our origin
// (cross-site WebSockets) and carry the session token.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';

export const LOOPBACK_HOST = '127.0.0.1';

/** Exact match: a rebinding attacker's page sends its own host name, never these. */
export function isOwnHost(host: string | undefined, port: number): boolean {
  return host === `${LOOPBACK_HOST}:${port}` || host === `localhost:${port}`;
}

export function isOwnOrigin(origin: string, port: number): boolean {
  return origin === `http://${LOOPBACK_HOST}:${port}` || origin === `http://localhost:${port}`;
}

/** Digests first: equal lengths for timingSafeEqual, and no length leak of the token. */
export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function refuseUpgrade(socket: Duplex, status: number) {
  const body = `${http.STATUS_CODES[status] ?? 'Refused'}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Refused'}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The request target split by hand: `new URL` would resolve `//host/...` and dot segments. */
export function splitTarget(target: string | undefined): { pathname: string; query: string } {
  const raw = target ?? '/';
  const mark = raw.indexOf('?');
  return mark === -1 ? { pathname: raw, query: '' } : { pathname: raw.slice(0, mark), query: raw.slice(mark + 1) };
}
