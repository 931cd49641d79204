// End-to-end tests: the real renderer in Debian's Chromium (browser mode), against the
// real engine and embedded relay started by `porthole start` in a temp data dir per test.
import { defineConfig } from '@playwright/test';

export const CHROMIUM_PATH = process.env['PORTHOLE_CHROMIUM'] ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  // The README's screenshots are written on request (PORTHOLE_SCREENSHOTS=DIR), not on every run.
  testIgnore: process.env['PORTHOLE_SCREENSHOTS'] ? [] : ['**/screenshots.spec.ts'],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Each test runs an engine and a relay beside the browser; two cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
  },
});
