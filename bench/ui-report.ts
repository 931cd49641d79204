// The inspector benchmark's table: each median at the big store beside the same figure at
// the near-empty baseline store (ratio = big / baseline), with the issue's goal where it has one.

import { ratio } from './stats.js';
import { fixed, formatTable } from './text-table.js';
import type { UiSummary } from './ui-summary.js';

interface Row {
  figure: string;
  small: number;
  large: number;
  decimals: number;
  /** The goal is "at most this"; met when the big store's figure is. */
  goal?: { max: number; unit: string };
}

export interface UiGoalResult {
  figure: string;
  value: number;
  max: number;
  met: boolean;
}

export function uiReportRows(small: UiSummary, large: UiSummary): Row[] {
  const ms = (max: number) => ({ max, unit: 'ms' });
  const rows: Row[] = [
    {
      figure: 'first list: first row painted (ms)',
      small: small.firstRowMs,
      large: large.firstRowMs,
      decimals: 0,
      goal: ms(1000),
    },
    { figure: 'first list: data-ready set, DOM (ms)', small: small.appReadyMs, large: large.appReadyMs, decimals: 0 },
    {
      figure: 'open event: first open (ms)',
      small: small.detailFirstMs,
      large: large.detailFirstMs,
      decimals: 1,
      goal: ms(100),
    },
    {
      figure: 'open event: later opens (ms)',
      small: small.detailNextMs,
      large: large.detailNextMs,
      decimals: 1,
      goal: ms(100),
    },
    {
      figure: 'open event: body in Monaco, first (ms)',
      small: small.editorFirstMs,
      large: large.editorFirstMs,
      decimals: 1,
    },
    {
      figure: 'open event: body in Monaco, later (ms)',
      small: small.editorNextMs,
      large: large.editorNextMs,
      decimals: 1,
    },
  ];
  small.filters.forEach((s, i) => {
    const l = large.filters[i]!;
    rows.push({ figure: `filter ${s.name} (ms)`, small: s.applyMs, large: l.applyMs, decimals: 1, goal: ms(200) });
  });
  small.filters.forEach((s, i) => {
    const l = large.filters[i]!;
    rows.push({ figure: `  matches of ${s.name}`, small: s.count, large: l.count, decimals: 0 });
  });
  rows.push({
    figure: 'filter cleared, back to all, slowest (ms)',
    small: worst(small.filters.map((f) => f.clearMs)),
    large: worst(large.filters.map((f) => f.clearMs)),
    decimals: 1,
    goal: ms(200),
  });
  const s = small.scroll;
  const l = large.scroll;
  rows.push(
    { figure: 'scroll: rows scrolled', small: s.rows, large: l.rows, decimals: 0 },
    { figure: 'scroll: time per page (ms)', small: s.msPerPage, large: l.msPerPage, decimals: 1 },
    { figure: 'scroll: frames', small: s.frames, large: l.frames, decimals: 0 },
    { figure: 'scroll: frames > 16.7 ms (%, from 17.5)', small: s.over16 * 100, large: l.over16 * 100, decimals: 1 },
    { figure: 'scroll: frames > 33.3 ms (%)', small: s.over33 * 100, large: l.over33 * 100, decimals: 1 },
    { figure: 'scroll: frames > 50 ms (%)', small: s.over50 * 100, large: l.over50 * 100, decimals: 1 },
    { figure: 'scroll: worst frame (ms)', small: s.worstFrameMs, large: l.worstFrameMs, decimals: 1 },
    { figure: 'scroll: frames with rows missing', small: s.blankFrames, large: l.blankFrames, decimals: 0 },
    { figure: 'scroll: longest rows-missing (ms)', small: s.longestBlankMs, large: l.longestBlankMs, decimals: 1 },
    { figure: 'scroll: long tasks (count)', small: s.longTasks, large: l.longTasks, decimals: 0 },
    { figure: 'scroll: long tasks (ms total)', small: s.longTaskMs, large: l.longTaskMs, decimals: 0 },
  );
  const a = small.memory;
  const b = large.memory;
  const mb = { max: 300, unit: 'MB' };
  const memory = (figure: string, pick: (m: UiSummary['memory']) => number, decimals: number, goal?: Row['goal']) =>
    rows.push({ figure: `memory: ${figure}`, small: pick(a), large: pick(b), decimals, ...(goal ? { goal } : {}) });
  memory('JS heap used (MB)', (m) => m.jsHeapUsedMB, 1, mb);
  memory('JS heap total (MB)', (m) => m.jsHeapTotalMB, 1);
  memory('renderer private (MB)', (m) => m.processPrivateMB, 1, mb);
  memory('renderer RSS (MB)', (m) => m.processRssMB, 1);
  memory('JS heap after GC (MB)', (m) => m.jsHeapAfterGcMB, 1);
  memory('renderer private after GC (MB)', (m) => m.processPrivateAfterGcMB, 1);
  memory('DOM nodes after GC', (m) => m.domNodesAfterGc, 0);
  return rows;
}

export function printUiReport(small: UiSummary, large: UiSummary, smallEvents: number, largeEvents: number) {
  const rows = uiReportRows(small, large);
  const n = (events: number) => `${events.toLocaleString('en')} ev`;
  process.stdout.write(
    `${formatTable(
      [
        { header: `medians of ${large.rounds} rounds`, align: 'left', cell: (r: Row) => r.figure },
        { header: n(smallEvents), cell: (r: Row) => fixed(r.small, r.decimals) },
        { header: n(largeEvents), cell: (r: Row) => fixed(r.large, r.decimals) },
        { header: 'ratio', cell: (r: Row) => fixed(ratio(r.large, r.small), 2) },
        { header: 'goal', cell: (r: Row) => (r.goal ? `<= ${r.goal.max} ${r.goal.unit}` : '') },
        { header: 'met?', align: 'left', cell: (r: Row) => (r.goal ? (met(r) ? 'met' : 'MISSED') : '') },
      ],
      rows,
    )}\n${NOTES.map((line) => `  ${line}\n`).join('')}`,
  );
}

/** How each figure is taken, printed under the table. */
const NOTES = [
  'Each round: a fresh browser context (own renderer, empty cache). Times use the page clock:',
  'the first list from navigation start, an open from the click input event, a filter from the',
  "input event (the box's 60 ms debounce included), each to the painted frame (rAF + timeout after",
  "the DOM change a MutationObserver saw). The first open is the page's first, 1 s after the list.",
  'Scroll: one page of rows per animation frame, staying put while rows in view are missing (they',
  'count as frames with rows missing); the baseline has only ~70 rows to scroll, so its ratios say little.',
  'Memory, after the scroll: CDP Performance.getMetrics; the renderer process from /proc smaps_rollup.',
];

export function uiGoals(small: UiSummary, large: UiSummary): UiGoalResult[] {
  return uiReportRows(small, large)
    .filter((r) => r.goal)
    .map((r) => ({ figure: r.figure, value: r.large, max: r.goal!.max, met: met(r) }));
}

function met(r: Row): boolean {
  return Number.isFinite(r.large) && r.large <= r.goal!.max;
}

function worst(values: number[]): number {
  return Math.max(...values);
}
