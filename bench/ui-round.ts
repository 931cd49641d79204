// One round against one running Porthole, in a fresh browser context (its own renderer, empty
// cache): load the inspector, open events, apply filters, scroll, read the memory.
import type { Browser, Page } from '@playwright/test';
import { ROW_HEIGHT_PX, UI_VIEWPORT } from './ui-config.js';
import { measureRendererMemory, type RendererMemory } from './ui-memory.js';
import {
  type DetailTiming,
  type FilterTiming,
  type FirstRowMarks,
  firstRowMarks,
  firstRowProbe,
  NAME_HELPER_SHIM,
  pendingResult,
  type ScrollRun,
  scrollThrough,
  watchDetail,
  watchFilter,
} from './ui-probes.js';

export interface FilterSpec {
  name: string;
  text: string;
  /** A first-rows check that the filter really applied (false: the bench is wrong, not slow). */
  rowsMatch?(row: { method: string; status: string }): boolean;
}

export interface RoundOptions {
  /** Rows of the list to open, in order: the first open is the page's first. */
  openRows: number[];
  filters: FilterSpec[];
  scrollRows: number;
  /** Pause after the first list, as a reader takes in the page (Monaco preloads when idle). */
  settleMs: number;
}

export interface RoundFigures {
  firstRow: FirstRowMarks;
  details: DetailTiming[];
  filters: { name: string; apply: FilterTiming; clear: FilterTiming }[];
  scroll: ScrollRun;
  memory: RendererMemory;
}

const TIMEOUT_MS = 20_000;

export async function measureRound(browser: Browser, url: string, options: RoundOptions): Promise<RoundFigures> {
  const context = await browser.newContext({ viewport: UI_VIEWPORT });
  try {
    await context.addInitScript({ content: NAME_HELPER_SHIM });
    await context.addInitScript(firstRowProbe);
    const page = await context.newPage();
    await page.goto(url);
    const firstRow = (await (
      await page.waitForFunction(firstRowMarks, undefined, { timeout: TIMEOUT_MS })
    ).jsonValue())!;
    await page.waitForTimeout(options.settleMs);

    const details: DetailTiming[] = [];
    for (const index of options.openRows) details.push(await openRow(page, index));

    const filters: RoundFigures['filters'] = [];
    for (const spec of options.filters) {
      const apply = await typeFilter(page, spec.text);
      const bad = spec.rowsMatch ? apply.rows.filter((r) => !spec.rowsMatch!(r)) : [];
      if ((apply.count > 0 && apply.rows.length === 0) || bad.length > 0) {
        throw new Error(`filter ${spec.text} did not apply: first rows ${JSON.stringify(apply.rows.slice(0, 3))}`);
      }
      filters.push({ name: spec.name, apply, clear: await typeFilter(page, '') });
    }

    const scroll = await page.evaluate(scrollThrough, {
      rows: options.scrollRows,
      rowHeight: ROW_HEIGHT_PX,
      stallLimitMs: 5_000,
    });
    const memory = await measureRendererMemory(page);
    return { firstRow, details, filters, scroll, memory };
  } finally {
    await context.close();
  }
}

async function openRow(page: Page, index: number): Promise<DetailTiming> {
  const row = page.locator(`[data-testid="event-row"][data-index="${index}"]`);
  const eventId = await row.getAttribute('data-event-id', { timeout: TIMEOUT_MS });
  if (!eventId) throw new Error(`row ${index} has no event id`);
  await page.evaluate(watchDetail, { eventId, timeoutMs: TIMEOUT_MS });
  await row.locator('.cell.path').click();
  const timing = (await page.evaluate(pendingResult)) as DetailTiming | null;
  if (!timing) throw new Error(`opening row ${index} (${eventId}) showed no detail within ${TIMEOUT_MS} ms`);
  return timing;
}

async function typeFilter(page: Page, text: string): Promise<FilterTiming> {
  await page.evaluate(watchFilter, { timeoutMs: TIMEOUT_MS });
  // fill: one input event with the whole text, as a paste; the box's debounce runs from it.
  await page.getByTestId('filter-input').fill(text);
  const timing = (await page.evaluate(pendingResult)) as FilterTiming | null;
  if (!timing) throw new Error(`the filter "${text}" changed no count within ${TIMEOUT_MS} ms`);
  return timing;
}
