// The renderer's files for browser mode, never from outside their directory, with the
// security headers every response of the loopback server carries.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { LOOPBACK_HOST } from './loopback-guard.js';

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

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy':
      `default-src 'self'; connect-src 'self' ws://${LOOPBACK_HOST}:${port} ws://localhost:${port}; ` +
      `worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data:`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** The root with its separator, so a prefix check cannot match a sibling like `dist-old`. */
export function withTrailingSeparator(dir: string): string {
  return dir.endsWith(path.sep) ? dir : dir + path.sep;
}

/** `root` ends with a separator; files are only ever served from inside it. */
export function serveStatic(
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

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>) {
  const body = `${text}\n`;
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
