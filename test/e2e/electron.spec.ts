// The desktop shell in Electron, through Playwright's _electron: start-up with the engine and
// embedded relay, the IPC bridge refusing names outside the contract, and the window's security
// settings. Runs wherever an Electron binary is installed; elsewhere it reports itself skipped,
// naming the binary it looked for.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, expect, type Page, test } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APP_INDEX_URL = 'porthole-app://ui/index.html';

/** Where the electron package keeps its binary (as its index.js resolves it), and whether it is there. */
function electronBinary(): { file: string; installed: boolean } {
  const pkg = path.join(ROOT, 'node_modules/electron');
  const pathFile = path.join(pkg, 'path.txt');
  const defaults: Partial<Record<NodeJS.Platform, string>> = {
    darwin: 'Electron.app/Contents/MacOS/Electron',
    win32: 'electron.exe',
  };
  const relative = fs.existsSync(pathFile)
    ? fs.readFileSync(pathFile, 'utf8').trim()
    : (defaults[process.platform] ?? 'electron');
  const file = path.join(process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? path.join(pkg, 'dist'), relative);
  return { file, installed: fs.existsSync(file) };
}

/** What the preload puts on window: invoke resolves with the DesktopApi envelope. */
interface Bridge {
  invoke(method: string, params?: unknown): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>;
  on(event: string, listener: (data: unknown) => void): () => void;
}
declare const window: { porthole: Bridge } & Record<string, unknown>;

const electron = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'];

test.describe('Electron shell', () => {
  test.skip(!electron.installed, `Electron binary not installed: ${electron.file}`);
  test.skip(noDisplay, 'no display for Electron (DISPLAY and WAYLAND_DISPLAY are unset)');

  let dataDir: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(() => {
    const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-desktop.js'), '--native'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('scripts/build-desktop.js --native failed');
  });

  test.beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-electron-'));
    app = await _electron.launch({
      executablePath: electron.file,
      // --password-store=basic: never wait on a keyring prompt; the app must then say secrets are unprotected.
      args: [ROOT, `--data-dir=${dataDir}`, '--relay-port=0', '--password-store=basic'],
      env: { ...process.env, PORTHOLE_LOG_LEVEL: 'warn' },
    });
    page = await app.firstWindow();
  });

  test.afterEach(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('starts with the engine, the embedded relay and the inspector', async () => {
    await expect(page.locator('[data-testid="app"][data-ready="true"]')).toBeVisible();
    expect(page.url()).toMatch(/^porthole-app:\/\/ui\/index\.html/);
    const status = await page.evaluate(() => window.porthole.invoke('app.status', {}));
    expect(status).toMatchObject({ ok: true, data: { dataDir } });
    const endpoints = await page.evaluate(async () => {
      for (let i = 0; i < 100; i++) {
        const listed = (await window.porthole.invoke('endpoints.list', {})) as {
          data: { endpoints: Array<{ url: string | null }> };
        };
        if (listed.data.endpoints[0]?.url) return listed.data.endpoints;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return [];
    });
    expect(endpoints[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    if (process.platform === 'linux') {
      expect(status).toMatchObject({ data: { secrets: { backend: 'basic_text', protected: false } } });
    }
  });

  test('the IPC bridge refuses names outside the contract and params outside the schema', async () => {
    const result = await page.evaluate(async () => ({
      keys: Object.keys(window.porthole).sort(),
      unknownMethod: await window.porthole.invoke('shell.openExternal', { url: 'file:///etc/passwd' }),
      prototypeKey: await window.porthole.invoke('__proto__', {}),
      badParams: await window.porthole.invoke('endpoints.create', { name: 5 }),
      unknownEvent: (() => {
        try {
          window.porthole.on('onSecrets', () => {});
          return 'subscribed';
        } catch (err) {
          return String(err);
        }
      })(),
    }));
    expect(result.keys).toEqual(['invoke', 'on']);
    expect(result.unknownMethod).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(result.prototypeKey).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(result.badParams).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(result.unknownEvent).toContain('unknown event');
  });

  test('runs the page isolated and sandboxed, without Node, navigation or new windows', async () => {
    const preferences = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as {
        getLastWebPreferences?: () => Record<string, unknown>;
      };
      return contents.getLastWebPreferences?.() ?? null;
    });
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });

    const globals = await page.evaluate(() => [
      typeof window['require'],
      typeof window['process'],
      typeof window['module'],
    ]);
    expect(globals).toEqual(['undefined', 'undefined', 'undefined']);

    // Credentials in the URL: refused by the link check too, so no browser is launched during the test.
    const opened = await page.evaluate(() =>
      (window as unknown as { open(url: string): unknown }).open('https://user:pass@example.invalid/'),
    );
    expect(opened).toBeNull();
    await page.evaluate(() => {
      (window as unknown as { location: { href: string } }).location.href = 'https://user:pass@example.invalid/';
    });
    await expect(page.locator('[data-testid="app"]')).toBeVisible();
    expect(page.url().startsWith(APP_INDEX_URL)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });
});
