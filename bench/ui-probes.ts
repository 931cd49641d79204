// In-page probes for the inspector benchmark: each function runs inside the page (Playwright
// serializes it), so it is self-contained, and times with the page's own clock: a
// MutationObserver sees the DOM change in the commit that makes it, and an input event's
// timeStamp is when the browser took the input. Playwright's round trips stay out of the figures.
// "Painted" is a requestAnimationFrame then a zero timeout: after the frame that shows the change.

/** Only what the probes touch: this project's Node tsconfig has no DOM library. */
interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}
interface PageScroller extends PageElement {
  scrollTop: number;
  clientHeight: number;
  scrollHeight: number;
}
interface PageWindow {
  addEventListener(type: string, listener: (e: { timeStamp: number }) => void, options: object): void;
  __uiBench?: { first?: FirstRowMarks; pending?: Promise<unknown> };
}
interface PageEntry {
  duration: number;
}
declare const window: PageWindow;
declare const document: PageElement & { body: PageElement };
declare const MutationObserver: new (
  callback: () => void,
) => { observe(target: unknown, options: object): void; disconnect(): void };
declare const PerformanceObserver: new (
  callback: (list: { getEntries(): PageEntry[] }) => void,
) => { observe(options: object): void; disconnect(): void };
declare function requestAnimationFrame(callback: (time: number) => void): number;

/** tsx (esbuild keepNames) wraps named inner functions in __name(); the page needs it too. */
export const NAME_HELPER_SHIM = 'globalThis.__name = (target) => target;';

/** Page clock (ms since navigation start); null until seen. */
export interface FirstRowMarks {
  /** The first event row is in the DOM. */
  row: number | null;
  /** The frame showing it has been painted. */
  painted: number | null;
  /** The app says data-ready (its first list is on screen). */
  ready: number | null;
}

/** Init script: notes when the first event row appears, from navigation start. */
export function firstRowProbe() {
  const marks: FirstRowMarks = { row: null, painted: null, ready: null };
  window.__uiBench = { first: marks };
  const observer = new MutationObserver(() => {
    if (marks.ready === null && document.querySelector('[data-testid="app"][data-ready="true"]')) {
      marks.ready = performance.now();
    }
    if (marks.row === null && document.querySelector('[data-testid="event-row"]')) {
      marks.row = performance.now();
      requestAnimationFrame(() => setTimeout(() => (marks.painted = performance.now()), 0));
    }
    if (marks.row !== null && marks.ready !== null) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-ready'] });
}

export function firstRowMarks(): FirstRowMarks | null {
  const m = window.__uiBench?.first;
  return m && m.painted !== null && m.ready !== null ? m : null;
}

export interface DetailTiming {
  /** The click's input timestamp. */
  clickAt: number;
  /** The detail pane shows the event and its body text. */
  bodyAt: number;
  paintedAt: number;
  /** The frame with the body's first characters in the Monaco viewer is painted; null: timed out. */
  editorAt: number | null;
}

/** Arms a watch for the next click to open `eventId`; collect it with `pendingResult`. */
export function watchDetail(args: { eventId: string; timeoutMs: number }) {
  const { eventId, timeoutMs } = args;
  let clickAt = Number.NaN;
  window.addEventListener('click', (e) => (clickAt = e.timeStamp), { capture: true, once: true });
  const state = window.__uiBench ?? {};
  window.__uiBench = state;
  state.pending = new Promise<DetailTiming | null>((resolve) => {
    const squash = (s: string | null) => (s ?? '').replace(/\s+/g, '');
    let bodyAt: number | null = null;
    let paintedAt: number | null = null;
    let head = '';
    const finish = (editorAt: number | null) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(bodyAt === null || paintedAt === null ? null : { clickAt, bodyAt, paintedAt, editorAt });
    };
    const check = () => {
      if (bodyAt === null) {
        const pane = document.querySelector(`[data-testid="detail-pane"][data-event-id="${eventId}"]`);
        const text = pane?.querySelector('[data-testid="detail-body-text"]')?.textContent ?? '';
        if (!pane || text === '') return;
        bodyAt = performance.now();
        head = squash(text).slice(0, 80);
        requestAnimationFrame(() => setTimeout(() => (paintedAt = performance.now()), 0));
      }
      const lines = document.querySelector('[data-testid="detail-body"] .view-lines');
      if (lines && squash(lines.textContent).startsWith(head)) {
        observer.disconnect();
        // Painted too, like the body; when both show in one frame, both times are that frame's.
        requestAnimationFrame(() =>
          setTimeout(() => {
            const editorAt = performance.now();
            const settle = () => (paintedAt === null ? setTimeout(settle, 1) : finish(editorAt));
            settle();
          }, 0),
        );
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    const timer = setTimeout(() => finish(null), timeoutMs);
  });
}

export interface FilterTiming {
  /** The input event's timestamp (the box's debounce runs from here). */
  inputAt: number;
  /** The event count changed: the new query's first page and count are in. */
  updatedAt: number;
  paintedAt: number;
  count: number;
  /** What the first rows show, to check the filter applied: method and local status cells. */
  rows: { method: string; status: string }[];
}

/** Arms a watch for the next filter input: done when the count shows something else. */
export function watchFilter(args: { timeoutMs: number }) {
  const countEl = document.querySelector('[data-testid="event-count"]');
  const before = countEl?.textContent ?? '';
  let inputAt = Number.NaN;
  window.addEventListener('input', (e) => (inputAt = e.timeStamp), { capture: true, once: true });
  const state = window.__uiBench ?? {};
  window.__uiBench = state;
  state.pending = new Promise<FilterTiming | null>((resolve) => {
    const observer = new MutationObserver(() => {
      const now = countEl?.textContent ?? '';
      if (now === before) return;
      const updatedAt = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      const rows = Array.from(document.querySelectorAll('[data-testid="event-row"]'))
        .slice(0, 20)
        .map((r) => ({
          method: r.querySelector('.cell.method')?.textContent ?? '',
          status: r.querySelector('.cell.status')?.textContent ?? '',
        }));
      requestAnimationFrame(() =>
        setTimeout(() => resolve({ inputAt, updatedAt, paintedAt: performance.now(), count: Number(now), rows }), 0),
      );
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(null);
    }, args.timeoutMs);
  });
}

export function pendingResult(): Promise<unknown> {
  return window.__uiBench?.pending ?? Promise.resolve(null);
}

export interface ScrollRun {
  rows: number;
  pages: number;
  rowsPerPage: number;
  ms: number;
  /** Time between consecutive animation frames during the run. */
  frameMs: number[];
  /** Frames at which the rows in view were not all rendered (a placeholder or nothing). */
  blankFrames: number;
  /** Longest time the view stayed incomplete. */
  longestBlankMs: number;
  longTasks: number;
  longTaskMs: number;
}

/**
 * Scrolls the list down by one page per animation frame until `rows` rows have passed. At each
 * frame it first checks the rows in view (after the scroll event the list handles); while some
 * are missing it waits there instead of scrolling on, so time per page includes loading stalls.
 */
export function scrollThrough(args: { rows: number; rowHeight: number; stallLimitMs: number }): Promise<ScrollRun> {
  const { rowHeight, stallLimitMs } = args;
  const el = document.querySelector('[data-testid="event-list"]') as PageScroller;
  const rowsPerPage = Math.floor(el.clientHeight / rowHeight);
  const maxTop = el.scrollHeight - el.clientHeight;
  const endTop = Math.min(args.rows * rowHeight, maxTop);
  const frameMs: number[] = [];
  let blankFrames = 0;
  let blankSince: number | null = null;
  let longestBlankMs = 0;
  let longTasks = 0;
  let longTaskMs = 0;
  const tasks = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longTasks++;
      longTaskMs += entry.duration;
    }
  });
  tasks.observe({ type: 'longtask' });
  el.scrollTop = 0;
  return new Promise((resolve) => {
    let started: number | null = null;
    let last: number | null = null;
    const missingInView = () => {
      const shown = new Set<number>();
      for (const row of Array.from(el.querySelectorAll('[data-testid="event-row"]'))) {
        shown.add(Number(row.getAttribute('data-index')));
      }
      const first = Math.floor(el.scrollTop / rowHeight);
      const end = Math.ceil((el.scrollTop + el.clientHeight) / rowHeight);
      let missing = 0;
      for (let i = first; i < end; i++) if (!shown.has(i)) missing++;
      return missing;
    };
    const frame = (t: number) => {
      if (last !== null) frameMs.push(t - last);
      last = t;
      started ??= t;
      const complete = missingInView() === 0;
      if (!complete) {
        blankFrames++;
        blankSince ??= t;
      } else if (blankSince !== null) {
        longestBlankMs = Math.max(longestBlankMs, t - blankSince);
        blankSince = null;
      }
      const stalled = blankSince !== null && t - blankSince > stallLimitMs;
      if ((complete || stalled) && el.scrollTop >= endTop) {
        tasks.disconnect();
        const rows = Math.round(el.scrollTop / rowHeight);
        resolve({
          rows,
          pages: rows / rowsPerPage,
          rowsPerPage,
          ms: t - started,
          frameMs,
          blankFrames,
          longestBlankMs: Math.max(longestBlankMs, blankSince === null ? 0 : t - blankSince),
          longTasks,
          longTaskMs,
        });
        return;
      }
      if (complete || stalled) el.scrollTop = Math.min(endTop, el.scrollTop + rowsPerPage * rowHeight);
      requestAnimationFrame(frame);
    };
    // Two frames at the top first, so the run starts from a settled list.
    requestAnimationFrame(() => requestAnimationFrame(frame));
  });
}
