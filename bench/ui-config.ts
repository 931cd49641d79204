// The browser the inspector benchmark drives: the e2e suite's own Chromium launch options and
// viewport (playwright.config.ts), so the bench sees the UI as the tests do.
import type { LaunchOptions } from '@playwright/test';
import playwrightConfig, { CHROMIUM_PATH } from '../playwright.config.js';

export const UI_LAUNCH_OPTIONS: LaunchOptions = {
  ...playwrightConfig.use?.launchOptions,
  executablePath: CHROMIUM_PATH,
  headless: true,
};

export const UI_VIEWPORT = (() => {
  const viewport = playwrightConfig.use?.viewport;
  return viewport ?? { width: 1400, height: 900 };
})();

/** renderer/src/events/EventRow.tsx's ROW_HEIGHT (the renderer is not importable from Node). */
export const ROW_HEIGHT_PX = 28;
