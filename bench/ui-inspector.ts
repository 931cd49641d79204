// The inspector UI in Chromium (Playwright, browser mode) over a store of 100,000 events:
// first list, opening an event, filters, scrolling 10,000 rows, the renderer's memory.
// Beside each figure, the same one against a near-empty store (100 events) measured in the
// same run: both engines run side by side and the rounds alternate which one goes first.
import { chromium } from '@playwright/test';
// @ts-expect-error: a plain JS build script without type declarations
import { buildRendererIfStale } from '../scripts/build-renderer.js';
import type { Benchmark } from './benchmark.js';
import { COMMON_TERM, RARE_TERM } from './engine-store-data.js';
import { makeTempDir } from './temp-dirs.js';
import { UI_LAUNCH_OPTIONS } from './ui-config.js';
import { startPorthole } from './ui-porthole.js';
import { printUiReport, uiGoals } from './ui-report.js';
import { type FilterSpec, measureRound, type RoundFigures, type RoundOptions } from './ui-round.js';
import { seedInspectorStore } from './ui-seed.js';
import { summarize } from './ui-summary.js';

/** BENCH_UI_EVENTS=20000 for a quicker look; the figures are at 100,000. */
const LARGE_EVENTS = Number(process.env['BENCH_UI_EVENTS'] ?? 100_000);
const SMALL_EVENTS = 100;
const ROUNDS = Number(process.env['BENCH_UI_ROUNDS'] ?? 5);

const FILTERS: FilterSpec[] = [
  { name: 'method:PUT', text: 'method:PUT', rowsMatch: (r) => r.method === 'PUT' },
  { name: `text "${COMMON_TERM}"`, text: COMMON_TERM },
  { name: `text "${RARE_TERM}"`, text: RARE_TERM },
  { name: 'status:5xx', text: 'status:5xx', rowsMatch: (r) => r.status.startsWith('5') },
];

const ROUND: RoundOptions = {
  openRows: [0, 7, 14],
  filters: FILTERS,
  scrollRows: 10_000,
  settleMs: 1_000,
};

export const uiInspectorBenchmark: Benchmark = {
  name: 'ui-inspector',
  description: `inspector in Chromium over ${LARGE_EVENTS.toLocaleString('en')} stored events vs ${SMALL_EVENTS}`,
  run: runUiInspector,
};

const log = (line: string) => process.stderr.write(`  ${line}\n`);

async function runUiInspector() {
  buildRendererIfStale();
  const stores = [
    { name: 'small', events: SMALL_EVENTS, dir: makeTempDir('porthole-bench-ui-small-') },
    { name: 'large', events: LARGE_EVENTS, dir: makeTempDir('porthole-bench-ui-large-') },
  ];
  const stops: (() => Promise<void>)[] = [];
  try {
    const running = [];
    for (const store of stores) {
      const seeded = seedInspectorStore(store.dir.dir, store.events);
      log(
        `seeded ${store.events.toLocaleString('en')} events in ${(seeded.ms / 1000).toFixed(1)} s ` +
          `(bodies ${seeded.averageBodyBytes.toFixed(0)} B on average)`,
      );
      const porthole = await startPorthole(store.dir.dir);
      stops.push(porthole.stop);
      running.push({ ...store, porthole, rounds: [] as RoundFigures[] });
    }
    const browser = await chromium.launch(UI_LAUNCH_OPTIONS);
    stops.push(() => browser.close());
    log(`chromium ${browser.version()}`);

    // Once per store, discarded: the engine's first queries and the browser's first page run cold.
    for (const store of running) await measureRound(browser, store.porthole.inspectorUrl, ROUND);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? running : [...running].reverse();
      for (const store of order) {
        const figures = await measureRound(browser, store.porthole.inspectorUrl, ROUND);
        store.rounds.push(figures);
        log(
          `round ${round + 1}/${ROUNDS} ${store.name}: first row ${figures.firstRow.painted!.toFixed(0)} ms ` +
            `(ready ${figures.firstRow.ready!.toFixed(0)}), ` +
            `open ${(figures.details[1]!.paintedAt - figures.details[1]!.clickAt).toFixed(1)} ms, ` +
            `scroll ${(figures.scroll.ms / figures.scroll.pages).toFixed(1)} ms/page, ` +
            `heap ${(figures.memory.jsHeapUsedBytes / 1024 / 1024).toFixed(0)} MB`,
        );
      }
    }
    const small = summarize(running[0]!.rounds);
    const large = summarize(running[1]!.rounds);
    printUiReport(small, large, SMALL_EVENTS, LARGE_EVENTS);
    const goals = uiGoals(small, large);
    return { smallEvents: SMALL_EVENTS, largeEvents: LARGE_EVENTS, chromium: browser.version(), small, large, goals };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    for (const store of stores) store.dir.remove();
  }
}
