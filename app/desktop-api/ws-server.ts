// The engine's loopback server for browser mode and `porthole` CLI attach: the DesktopApi
// over a WebSocket at /api, and the renderer's static files everywhere else. Any web page
// the user visits can reach 127.0.0.1, so every request must prove it is meant for us:
// the Host header (DNS rebinding), the Origin (cross-site WebSockets) and the session token.
import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { DesktopDispatch, UnidentifiedErrorResponse } from './dispatcher.js';
import type { DesktopEventBus } from './event-bus.js';

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

const HOST = '127.0.0.1';
const API_PATH = '/api';
/** A replay of a 25 MB body is ~34 MB of base64 inside JSON; leave room above that. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
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

function unidentified(message: string): UnidentifiedErrorResponse {
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

// --- who may talk to us ------------------------------------------------------------------

/** Exact match: a rebinding attacker's page sends its own host name, never these. */
function isOwnHost(host: string | undefined, port: number): boolean {
  return host === `${HOST}:${port}` || host === `localhost:${port}`;
}

function isOwnOrigin(origin: string, port: number): boolean {
  return origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;
}

/** Digests first: equal lengths for timingSafeEqual, and no length leak of the token. */
function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function refuseUpgrade(socket: Duplex, status: number) {
  const body = `${http.STATUS_CODES[status] ?? 'Refused'}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Refused'}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The request target split by hand: `new URL` would resolve `//host/...` and dot segments. */
function splitTarget(target: string | undefined): { pathname: string; query: string } {
  const raw = target ?? '/';
  const mark = raw.indexOf('?');
  return mark === -1 ? { pathname: raw, query: '' } : { pathname: raw.slice(0, mark), query: raw.slice(mark + 1) };
}

// --- static files ------------------------------------------------------------------------

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy':
      `default-src 'self'; connect-src 'self' ws://${HOST}:${port} ws://localhost:${port}; ` +
      `worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data:`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** The root with its separator, so a prefix check cannot match a sibling like `dist-old`. */
function withTrailingSeparator(dir: string): string {
  return dir.endsWith(path.sep) ? dir : dir + path.sep;
}

/** `root` ends with a separator; files are only ever served from inside it. */
function serveStatic(
  root: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
  security: Record<string, string>,
) {
  const relative = staticRelativePath(pathname);
  if (relative === null) return sendText(res, 400, 'bad path', security);
  const resolved = path.resolve(root, relative);
  if (!resolved.startsWith(root)) return sendText(res, 404, 'not found', security);
  void (async () => {
    // realpath too, so a symlink inside the directory cannot lead out of it.
    const real = await fs.promises.realpath(resolved).catch(() => null);
    const stat = real?.startsWith(root) ? await fs.promises.stat(real).catch(() => null) : null;
    if (!real || !stat?.isFile()) return sendText(res, 404, 'not found', security);
    res.writeHead(200, {
      ...security,
      'Content-Type': CONTENT_TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(real)
      .on('error', () => res.destroy())
      .pipe(res);
  })().catch(() => res.destroy());
}

/**
 * The file path under the static root, or null for a target that is not a plain path:
 * not absolute, undecodable, a NUL, or a `..` segment (even percent-encoded or with `\`).
 */
function staticRelativePath(pathname: string): string | null {
  if (!pathname.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const segments = decoded.split(/[\\/]/);
  if (segments.some((segment) => segment === '..')) return null;
  const file = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  return `.${file}`;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>) {
  const body = `${text}\n`;
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
