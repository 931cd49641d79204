// Serves dist/renderer on the app's own scheme (porthole-app://ui/...), each response with
// the CSP and no-sniff headers. Registered as standard and secure, so the page is a secure
// context with a real origin and can load ES modules and Monaco's workers.
import fs from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, appFilePath, contentTypeFor } from './app-url.js';
import { APP_RESPONSE_HEADERS } from './content-security-policy.js';

/** Must run before the app's `ready` event. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain' } });
}

export function serveAppScheme(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed');
    const file = appFilePath(rendererDir, request.url);
    if (!file) return textResponse(404, 'not found');
    try {
      const body = await fs.readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': contentTypeFor(file) },
      });
    } catch {
      return textResponse(404, 'not found');
    }
  });
}
