// The engine's loopback server for browser mode and `porthole` CLI attach: the DesktopApi
// over a WebSocket at /api, and the renderer's static files everywhere else. Every request
// is checked by loopback-guard.ts before anything else happens.
import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { DesktopResponse } from '../../protocol/desktop-api.js';
import type { DesktopDispatch } from './dispatcher.js';
import type { DesktopEventBus } from './event-bus.js';
import { LOOPBACK_HOST as HOST, isOwnHost, isOwnOrigin, refuseUpgrade, sha256, splitTarget } from './loopback-guard.js';
import { securityHeaders, sendText, serveStatic, withTrailingSeparator } from './static-files.js';

export interface DesktopApiServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The session secret a client must present as `?token=` on the WebSocket URL. */
  token: string;
  dispatch: DesktopDispatch;
  events: DesktopEventBus;
  /** The built renderer; without it only /api is served. */
  staticDir?: string;
  onListen?(server: { url: string; port: number }): void;
}

export interface DesktopApiServer {
  /** The http base, e.g. http://127.0.0.1:PORT; the API is at ws://127.0.0.1:PORT/api. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const API_PATH = '/api';
/** A replay carries its body as base64: up to ReplayEdits' 90 MB of it, plus the envelope. */
const MAX_MESSAGE_BYTES = 96 * 1024 * 1024;
const MAX_MESSAGE_FRAGMENTS = 1024;
const MAX_BUFFERED_CHUNKS = 64 * 1024;
/** A client this far behind on its sends is stuck; it is dropped rather than buffered without end. */
const MAX_CLIENT_BACKLOG_BYTES = 256 * 1024 * 1024;
/** Time for a graceful WebSocket close before the socket is cut. */
const CLOSE_GRACE_MS = 1000;

export async function startDesktopApiServer(opts: DesktopApiServerOptions): Promise<DesktopApiServer> {
  const tokenDigest = sha256(opts.token);
  const staticRoot = opts.staticDir ? withTrailingSeparator(fs.realpathSync(opts.staticDir)) : null;
  let port = 0;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    maxFragments: MAX_MESSAGE_FRAGMENTS,
    maxBufferedChunks: MAX_BUFFERED_CHUNKS,
    perMessageDeflate: false,
    clientTracking: true,
  });
  wss.on('connection', (ws) => serveClient(ws, opts.dispatch));

  const server = http.createServer({
    // Loopback clients send small requests quickly; a slow one is holding a socket open.
    headersTimeout: 10_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    maxHeaderSize: 16 * 1024,
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname, query } = splitTarget(req.url);
    if (pathname !== API_PATH) return refuseUpgrade(socket, 404);
    if (!isOwnHost(req.headers.host, port)) return refuseUpgrade(socket, 403);
    const origin = req.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, port)) return refuseUpgrade(socket, 403);
    const token = new URLSearchParams(query).get('token') ?? '';
    if (!timingSafeEqual(sha256(token), tokenDigest)) return refuseUpgrade(socket, 401);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const security = securityHeaders(port);
    if (!isOwnHost(req.headers.host, port)) return sendText(res, 403, 'forbidden host', security);
    const { pathname } = splitTarget(req.url);
    if (pathname === API_PATH) {
      return sendText(res, 426, 'the API is a WebSocket', { ...security, Upgrade: 'websocket' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'method not allowed', { ...security, Allow: 'GET, HEAD' });
    }
    if (!staticRoot) return sendText(res, 404, 'not found', security);
    serveStatic(staticRoot, pathname, req, res, security);
  });

  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;
  // Subscribed only once listening, so a failed start leaves nothing attached to the bus.
  const stopForwardingEvents = opts.events.onAny((message) => {
    if (wss.clients.size === 0) return;
    const text = JSON.stringify(message);
    for (const ws of wss.clients) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_CLIENT_BACKLOG_BYTES) ws.terminate();
      else ws.send(text);
    }
  });

  const url = `http://${HOST}:${port}`;
  opts.onListen?.({ url, port });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      stopForwardingEvents();
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...wss.clients].map(closeClient));
      wss.close();
      server.closeAllConnections();
      await serverClosed;
    })();
    return closing;
  };
  return { url, port, close };
}

// --- the WebSocket API -------------------------------------------------------------------

function serveClient(ws: WebSocket, dispatch: DesktopDispatch) {
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return reply(ws, unidentified('binary messages are not accepted; send JSON text'));
    let request: unknown;
    try {
      request = JSON.parse(rawDataToString(data));
    } catch {
      return reply(ws, unidentified('the message is not valid JSON'));
    }
    // The dispatcher never rejects on client input; a rejection here is an engine bug.
    dispatch(request).then(
      (response) => reply(ws, response),
      () => ws.close(1011, 'internal error'),
    );
  });
  // A broken socket is followed by 'close'; without a listener 'error' would crash the engine.
  ws.on('error', () => {});
}

function reply(ws: WebSocket, response: unknown) {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(response));
}

function unidentified(message: string): DesktopResponse {
  return { id: null, ok: false, error: { code: 'invalid_params', message } };
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function closeClient(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    ws.once('close', () => resolve());
    ws.close(1001, 'the engine is shutting down');
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
  });
}
