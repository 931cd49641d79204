// What the renderer may load and which web permissions it gets: its own files only, and of
// the permissions only writing to the clipboard (the copy buttons), for the app's own pages.
import { isAppUrl } from './app-url.js';

const ALLOWED_SCHEMES = new Set(['data:', 'blob:', 'devtools:']);

/** False for anything remote or on disk: the app never loads content from outside its bundle. */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  try {
    return ALLOWED_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

const APP_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** Deny by default; the few permissions the app uses are granted to its own origin only. */
export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  return APP_PERMISSIONS.has(permission) && typeof requestingUrl === 'string' && isAppUrl(requestingUrl);
}
