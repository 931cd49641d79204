// Per-round figures of one store reduced to the medians the report prints.

import { median } from './stats.js';
import type { RoundFigures } from './ui-round.js';

export interface UiSummary {
  rounds: number;
  /** Navigation start to the frame showing the first event row (and to data-ready). */
  firstRowMs: number;
  appReadyMs: number;
  /** Click to the painted frame with the event's body text: the page's first open, later ones. */
  detailFirstMs: number;
  detailNextMs: number;
  /** Click to the Monaco viewer showing the body: first open, later ones. */
  editorFirstMs: number;
  editorNextMs: number;
  /** Input event to the painted frame with the new count and rows (60 ms debounce included). */
  filters: { name: string; applyMs: number; clearMs: number; count: number }[];
  scroll: {
    rows: number;
    rowsPerPage: number;
    msPerPage: number;
    frames: number;
    /**
     * Shares of frames longer than one, two, three 60 Hz frames: 16.7 ms (counted from 17.5, as
     * headless frames jitter to 16.8), 33.3 ms, 50 ms.
     */
    over16: number;
    over33: number;
    over50: number;
    worstFrameMs: number;
    blankFrames: number;
    longestBlankMs: number;
    longTasks: number;
    longTaskMs: number;
  };
  memory: {
    jsHeapUsedMB: number;
    jsHeapTotalMB: number;
    processPrivateMB: number;
    processRssMB: number;
    jsHeapAfterGcMB: number;
    processPrivateAfterGcMB: number;
    domNodesAfterGc: number;
  };
}

const MB = 1024 * 1024;

export function summarize(rounds: RoundFigures[]): UiSummary {
  const m = (pick: (r: RoundFigures) => number) => median(rounds.map(pick));
  const share = (frames: number[], over: number) => frames.filter((f) => f > over).length / frames.length;
  const names = rounds[0]?.filters.map((f) => f.name) ?? [];
  return {
    rounds: rounds.length,
    firstRowMs: m((r) => r.firstRow.painted!),
    appReadyMs: m((r) => r.firstRow.ready!),
    detailFirstMs: m((r) => r.details[0]!.paintedAt - r.details[0]!.clickAt),
    detailNextMs: m((r) => median(r.details.slice(1).map((d) => d.paintedAt - d.clickAt))),
    editorFirstMs: m((r) => (r.details[0]!.editorAt ?? Number.NaN) - r.details[0]!.clickAt),
    editorNextMs: m((r) => median(r.details.slice(1).map((d) => (d.editorAt ?? Number.NaN) - d.clickAt))),
    filters: names.map((name, i) => ({
      name,
      applyMs: m((r) => r.filters[i]!.apply.paintedAt - r.filters[i]!.apply.inputAt),
      clearMs: m((r) => r.filters[i]!.clear.paintedAt - r.filters[i]!.clear.inputAt),
      count: m((r) => r.filters[i]!.apply.count),
    })),
    scroll: {
      rows: m((r) => r.scroll.rows),
      rowsPerPage: m((r) => r.scroll.rowsPerPage),
      msPerPage: m((r) => r.scroll.ms / r.scroll.pages),
      frames: m((r) => r.scroll.frameMs.length),
      over16: m((r) => share(r.scroll.frameMs, 17.5)),
      over33: m((r) => share(r.scroll.frameMs, 33.3)),
      over50: m((r) => share(r.scroll.frameMs, 50)),
      worstFrameMs: m((r) => Math.max(...r.scroll.frameMs)),
      blankFrames: m((r) => r.scroll.blankFrames),
      longestBlankMs: m((r) => r.scroll.longestBlankMs),
      longTasks: m((r) => r.scroll.longTasks),
      longTaskMs: m((r) => r.scroll.longTaskMs),
    },
    memory: {
      jsHeapUsedMB: m((r) => r.memory.jsHeapUsedBytes / MB),
      jsHeapTotalMB: m((r) => r.memory.jsHeapTotalBytes / MB),
      processPrivateMB: m((r) => r.memory.processPrivateBytes / MB),
      processRssMB: m((r) => r.memory.processRssBytes / MB),
      jsHeapAfterGcMB: m((r) => r.memory.jsHeapAfterGcBytes / MB),
      processPrivateAfterGcMB: m((r) => r.memory.processPrivateAfterGcBytes / MB),
      domNodesAfterGc: m((r) => r.memory.domNodesAfterGc),
    },
  };
}
