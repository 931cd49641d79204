// The renderer is served from a privileged custom scheme rather than file://, as Electron's
// security checklist advises: file:// pages may read any local file, an app origin may not.
import path from 'node:path';

export const APP_SCHEME = 'porthole-app';
export const APP_HOST = 'ui';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Any page or file of the app's own origin (a permission's requesting URL, a navigation). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username;
}

/** The app's index page, whatever its hash route or query: the only page that may use the bridge. */
export function isAppIndexUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && isAppUrl(url) && (parsed.pathname === '/index.html' || parsed.pathname === '/');
}

/** The file under `rendererDir` an app URL names, or null when it is not one or would leave the directory. */
export function appFilePath(rendererDir: string, url: string): string | null {
  const parsed = parse(url);
  if (!parsed || !isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const root = path.resolve(rendererDir);
  const resolved = path.resolve(root, `.${pathname}`);
  const relative = path.relative(root, resolved);
  // Decoded `..` or a backslash on Windows could climb out; only paths strictly inside are served.
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return resolved;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Module scripts and workers are refused unless served with a JavaScript type, so the map is explicit. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
