// Electron main process: one instance per data dir, the engine in-process (with the embedded
// relay, as `porthole start`), the window, the IPC bridge and the tray. Everything that can be
// decided without Electron lives in the small modules it imports, which are unit-tested.
import path from 'node:path';
import { app, type BrowserWindow, dialog, safeStorage, session } from 'electron';
import type { DesktopApi } from '../protocol/desktop-api.js';
import { showAlertNotices } from './alert-notices.js';
import { preloadPath, rendererDir } from './app-location.js';
import { registerAppScheme, serveAppScheme } from './app-protocol.js';
import { EVENT_CHANNEL } from './bridge/channels.js';
import { type EngineHost, ensureFirstEndpoint, startEngineHost } from './engine-host.js';
import { attachIpcBridge } from './ipc-bridge.js';
import { parseLaunchOptions } from './launch-options.js';
import { createMainWindow } from './main-window.js';
import { createDesktopNotifier } from './notifications.js';
import { SafeStorageSecretStore } from './safe-storage-secret-store.js';
import { createStatusTray } from './status-tray.js';
import { hardenSession, lockDownContents } from './web-security.js';

const log = (message: string) => process.stderr.write(`porthole: ${message}\n`);
const bundleDir = import.meta.dirname;
const options = (() => {
  try {
    return parseLaunchOptions(process.argv);
  } catch (err) {
    log((err as Error).message);
    process.exit(2);
  }
})();

// Chromium's profile lives in the data dir, which also makes the single-instance lock per data
// dir: a second launch on the same data focuses the first window, another data dir is another app.
app.setPath('userData', path.join(options.dataDir, 'electron'));
registerAppScheme();

let window: BrowserWindow | null = null;
let host: Promise<EngineHost> | null = null;
let tray: { destroy(): void } | null = null;
let stopAlertNotices: (() => void) | null = null;

function showWindow() {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function openWindow(api: Promise<DesktopApi>) {
  window = createMainWindow({ dataDir: options.dataDir, preload: preloadPath(bundleDir), log });
  attachIpcBridge(window.webContents, api, log);
  window.on('closed', () => {
    window = null;
  });
}

async function start() {
  serveAppScheme(session.defaultSession, rendererDir(bundleDir));
  hardenSession(session.defaultSession, log);

  const secrets = new SafeStorageSecretStore(path.join(options.dataDir, 'secrets'), safeStorage, process.platform, log);
  if (!secrets.describe().protected) log(secrets.describe().note ?? 'secrets are not protected');

  host = startEngineHost({
    dataDir: options.dataDir,
    relayPort: options.relayPort,
    secrets,
    staticDir: rendererDir(bundleDir),
    log,
  });
  const api = host.then((h) => h.api);
  // The window shows at once; its calls wait for the engine.
  openWindow(api);

  try {
    const running = await host;
    if (running.attached) log('the engine of a running `porthole` command serves this window');
    tray = createStatusTray(running.api, { show: showWindow, quit: () => app.quit() });
    stopAlertNotices = showAlertNotices(running.api, createDesktopNotifier(), (eventId) => {
      showWindow();
      // The page opens the alert's event; the shell speaks to it on the same event channel.
      if (eventId && window && !window.isDestroyed()) {
        window.webContents.send(EVENT_CHANNEL, { event: 'onOpenEvent', data: { eventId } });
      }
    });
    const endpoint = await ensureFirstEndpoint(running.api);
    log(`your permanent webhook URL: ${endpoint.url ?? '(waiting for the relay)'}`);
  } catch (err) {
    const message = (err as Error).message;
    log(`could not start the engine: ${message}`);
    dialog.showErrorBox('Porthole could not start', `${message}\n\nData directory: ${options.dataDir}`);
    app.exit(1);
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, log));
  app.on('activate', () => {
    if (!window && host) openWindow(host.then((h) => h.api));
    else showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the engine and relay cleanly (WAL checkpoint, relay acks) before the process ends.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped || !host) return;
    event.preventDefault();
    stopped = true;
    tray?.destroy();
    stopAlertNotices?.();
    void host
      .then((h) => h.close())
      .catch((err: Error) => log(`shutting down: ${err.message}`))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(start)
    .catch((err: Error) => {
      log(`Porthole did not start: ${err.message}`);
      app.exit(1);
    });
}
