// The one window: the renderer from the app's scheme, isolated and sandboxed, with only the
// preload's bridge; it reopens at the size and place it was closed at.
import { BrowserWindow, screen } from 'electron';
import { APP_INDEX_URL } from './app-url.js';
import { fitToDisplays, readWindowState, type WindowState, writeWindowState } from './window-state.js';

const SAVE_DELAY_MS = 500;

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

export interface MainWindowOptions {
  dataDir: string;
  preload: string;
  log: (message: string) => void;
}

export function createMainWindow({ dataDir, preload, log }: MainWindowOptions): BrowserWindow {
  const state = fitToDisplays(
    readWindowState(dataDir),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 720,
    minHeight: 480,
    title: 'Porthole',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  rememberBounds(window, dataDir, log);
  void window.loadURL(APP_INDEX_URL).catch((err: Error) => log(`could not load the UI: ${err.message}`));
  return window;
}

function rememberBounds(window: BrowserWindow, dataDir: string, log: (message: string) => void) {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    try {
      writeWindowState(dataDir, state);
    } catch (err) {
      log(`could not save the window size: ${(err as Error).message}`);
    }
  };
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', save);
}
