// Electron's security checklist applied to the session and to every web contents: no remote
// loads, permissions denied by default, no navigation away from the app, no new windows or
// webviews. Links to http(s) pages go to the user's browser after a check.
import { type Session, shell, type WebContents } from 'electron';
import { isAppUrl } from './app-url.js';
import { externalLinkUrl } from './external-links.js';
import { isAllowedRequest, isPermissionAllowed } from './request-policy.js';

export function hardenSession(session: Session, log: (message: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url);
    if (!allowed) log(`blocked a request to ${details.url}`);
    callback({ cancel: !allowed });
  });
}

function openExternally(url: string, log: (message: string) => void): void {
  const safe = externalLinkUrl(url);
  if (!safe) {
    log(`refused to open ${JSON.stringify(url.slice(0, 200))}`);
    return;
  }
  shell.openExternal(safe).catch((err: Error) => log(`could not open ${safe}: ${err.message}`));
}

/** For every web contents the app creates, before it loads anything. */
export function lockDownContents(contents: WebContents, log: (message: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url, log);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openExternally(event.url, log);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
