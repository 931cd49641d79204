// The rows the list can show, paged from the engine on demand; never every event.
//
// Rows are a snapshot taken when the window opens (keyset pages, newest first) plus a
// `head` of events that arrived since, fetched from the top whenever the engine says a new
// event exists. The snapshot is a run of contiguous segments; far-away segments drop their
// rows but keep their cursors, so scrolling back refetches exactly the same rows.
// events.list only pages by cursor, so reaching a deep row walks cursors in large steps.
import type { EventSummary } from '../../../protocol/desktop-api.js';

export interface EventPage {
  events: EventSummary[];
  nextBefore: string | null;
}

export interface EventSource {
  list(before: string | undefined, limit: number): Promise<EventPage>;
  count(): Promise<number>;
}

export interface WindowOptions {
  /** Rows per ordinary fetch. */
  pageSize: number;
  /** The largest fetch (events.list's maximum), used to walk toward a deep row. */
  maxStep: number;
  /** Rows kept either side of the visible range; farther segments drop theirs. */
  keepMargin: number;
  /** More new events than this since the snapshot, and the window starts over. */
  maxHead: number;
}

export const DEFAULT_WINDOW_OPTIONS: WindowOptions = { pageSize: 200, maxStep: 1000, keepMargin: 1000, maxHead: 5000 };

interface Segment {
  start: number;
  length: number;
  /** The cursor this segment was fetched with; undefined for the top. */
  before: string | undefined;
  nextBefore: string | null;
  events: EventSummary[] | null;
}

export interface WindowChange {
  /** Rows added above the others; the list keeps what the user looks at in place. */
  prepended: number;
}

/** Late updates remembered for rows not held yet; older ones are forgotten first. */
const MAX_LATE_UPDATES = 500;

export class EventWindow {
  private head: EventSummary[] = [];
  private segments: Segment[] = [];
  private snapshotTotal = 0;
  private wanted: [number, number] = [0, 0];
  private pumping = false;
  private headRefresh: Promise<void> | null = null;
  private headDirty = false;
  /**
   * Updates for rows not held when they came (their page still on its way), stamped in order:
   * a page asked for before an update may carry the older copy, so the update wins over it.
   */
  private lateUpdates = new Map<string, { summary: EventSummary; stamp: number }>();
  private updateStamp = 0;
  private generation = 0;
  disposed = false;
  /** Set once the first page is in; rejects if it could not be fetched. */
  ready: Promise<void>;
  error: string | null = null;

  constructor(
    private readonly source: EventSource,
    private readonly onChange: (change: WindowChange) => void,
    private readonly options: WindowOptions = DEFAULT_WINDOW_OPTIONS,
  ) {
    this.ready = this.start();
  }

  /** Every row the list has, loaded or not. */
  get total(): number {
    return this.head.length + this.snapshotTotal;
  }

  /** The row at a list index, or undefined while its page is loading. */
  get(index: number): EventSummary | undefined {
    if (index < this.head.length) return this.head[index];
    const i = index - this.head.length;
    const segment = this.segmentAt(i);
    return segment?.events?.[i - segment.start];
  }

  /** The list index of a loaded row, or -1. */
  indexOf(id: string): number {
    const inHead = this.head.findIndex((e) => e.id === id);
    if (inHead !== -1) return inHead;
    for (const s of this.segments) {
      const at = s.events?.findIndex((e) => e.id === id) ?? -1;
      if (at !== -1) return this.head.length + s.start + at;
    }
    return -1;
  }

  /** The list shows rows start..end (inclusive); fetch what is missing there. */
  setVisible(start: number, end: number) {
    this.wanted = [start, Math.max(start, end)];
    void this.pump();
  }

  /** The engine has a new event; fetch the newest rows until the known top. */
  newEventArrived() {
    this.headDirty = true;
    this.headRefresh ??= this.refreshHead().finally(() => {
      this.headRefresh = null;
    });
  }

  /** An event changed (its last forward status): replace the copy we hold, if any. */
  update(summary: EventSummary): boolean {
    const replace = (rows: EventSummary[] | null) => {
      const at = rows?.findIndex((e) => e.id === summary.id) ?? -1;
      if (rows && at !== -1) rows[at] = summary;
      return at !== -1;
    };
    const found = replace(this.head) || this.segments.some((s) => replace(s.events));
    const stamp = ++this.updateStamp;
    if (found) this.onChange({ prepended: 0 });
    else {
      this.lateUpdates.delete(summary.id);
      this.lateUpdates.set(summary.id, { summary, stamp });
      if (this.lateUpdates.size > MAX_LATE_UPDATES) {
        this.lateUpdates.delete(this.lateUpdates.keys().next().value as string);
      }
    }
    return found;
  }

  /** Rows of a page asked for at `askedAt`, with the updates that came while it was on its way. */
  private withLateUpdates(rows: EventSummary[], askedAt: number): EventSummary[] {
    if (this.lateUpdates.size === 0) return rows;
    return rows.map((row) => {
      const late = this.lateUpdates.get(row.id);
      return late && late.stamp > askedAt ? late.summary : row;
    });
  }

  /** Retention removed events: positions moved, so page again from the top (rows stay up meanwhile). */
  eventsRemoved() {
    this.restart();
  }

  dispose() {
    this.disposed = true;
  }

  // --- loading --------------------------------------------------------------------------

  private async start() {
    const generation = ++this.generation;
    const { pageSize } = this.options;
    const askedAt = this.updateStamp;
    try {
      const [first, count] = await Promise.all([this.source.list(undefined, pageSize), this.source.count()]);
      if (this.stale(generation)) return;
      first.events = this.withLateUpdates(first.events, askedAt);
      this.head = [];
      this.segments = [
        {
          start: 0,
          length: first.events.length,
          before: undefined,
          nextBefore: first.nextBefore,
          events: first.events,
        },
      ];
      // The count may include events newer than the first page (they come in the head too);
      // the end of the list corrects the total once reached.
      this.snapshotTotal = first.nextBefore === null ? first.events.length : Math.max(count, first.events.length);
      this.error = null;
    } catch (err) {
      if (this.stale(generation)) return;
      this.error = err instanceof Error ? err.message : String(err);
      throw err;
    }
    this.onChange({ prepended: 0 });
    void this.pump();
    if (this.headDirty) this.newEventArrived();
  }

  private stale(generation: number) {
    return this.disposed || generation !== this.generation;
  }

  /** Starts over from the top: too many new events to hold, or the rows changed under us. */
  private restart() {
    this.ready = this.start();
    this.ready.catch(() => {});
  }

  private async refreshHead() {
    await this.ready.catch(() => {});
    while (this.headDirty && !this.disposed) {
      this.headDirty = false;
      const generation = this.generation;
      const knownTop = this.head[0]?.id ?? this.segments[0]?.events?.[0]?.id ?? null;
      const fresh: EventSummary[] = [];
      let before: string | undefined;
      const askedAt = this.updateStamp;
      try {
        for (;;) {
          const page = await this.source.list(before, this.options.pageSize);
          if (this.stale(generation)) return;
          const at = knownTop === null ? -1 : page.events.findIndex((e) => e.id === knownTop);
          fresh.push(...(at === -1 ? page.events : page.events.slice(0, at)));
          if (at !== -1 || page.nextBefore === null) break;
          if (fresh.length > this.options.maxHead) return this.restart();
          before = page.nextBefore;
        }
      } catch {
        continue; // The next event or a reconnect tries again.
      }
      if (fresh.length === 0) continue;
      if (this.head.length + fresh.length > this.options.maxHead) return this.restart();
      this.head = [...this.withLateUpdates(fresh, askedAt), ...this.head];
      this.onChange({ prepended: fresh.length });
    }
  }

  private async pump() {
    if (this.pumping || this.disposed) return;
    this.pumping = true;
    try {
      for (;;) {
        await this.ready; // a restart replaces it; its segments must be in before stepping
        if (this.disposed) return;
        const generation = this.generation;
        const step = this.nextStep();
        if (!step) break;
        await step();
        if (this.stale(generation)) continue;
        this.evictFarRows();
        this.onChange({ prepended: 0 });
      }
    } catch {
      // A failed page stays unloaded; the next scroll asks again.
    } finally {
      this.pumping = false;
    }
  }

  /** The wanted range in snapshot positions, clamped to what exists. */
  private wantedInSnapshot(): [number, number] | null {
    const from = Math.max(0, this.wanted[0] - this.head.length);
    const to = Math.min(this.snapshotTotal - 1, this.wanted[1] - this.head.length);
    return from <= to ? [from, to] : null;
  }

  /** The next fetch the wanted range needs, or null when it is all loaded. */
  private nextStep(): (() => Promise<void>) | null {
    const range = this.wantedInSnapshot();
    if (!range) return null;
    const [from, to] = range;
    for (let i = from; i <= to; ) {
      const segment = this.segmentAt(i);
      if (!segment) return () => this.extend(i, to);
      if (!segment.events) return () => this.refetch(segment);
      i = segment.start + segment.length;
    }
    return null;
  }

  private async refetch(segment: Segment) {
    const page = await this.source.list(segment.before, segment.length);
    if (this.disposed) return;
    if (page.events.length !== segment.length) return this.restart(); // events were deleted
    segment.events = page.events;
  }

  private async extend(target: number, to: number) {
    const last = this.segments.at(-1)!;
    const end = last.start + last.length;
    if (last.nextBefore === null) {
      this.snapshotTotal = end; // The count ran ahead of what exists.
      return;
    }
    const { pageSize, maxStep } = this.options;
    const limit = target - end >= maxStep ? maxStep : Math.min(maxStep, Math.max(pageSize, to - end + 1));
    const page = await this.source.list(last.nextBefore, limit);
    if (this.disposed || this.segments.at(-1) !== last) return;
    this.segments.push({
      start: end,
      length: page.events.length,
      before: last.nextBefore,
      nextBefore: page.nextBefore,
      events: page.events,
    });
    if (page.nextBefore === null || page.events.length === 0) this.snapshotTotal = end + page.events.length;
    else this.snapshotTotal = Math.max(this.snapshotTotal, end + page.events.length);
  }

  /** Keeps rows near the visible range (and the top, whose cursor cannot be refetched). */
  private evictFarRows() {
    const from = this.wanted[0] - this.head.length - this.options.keepMargin;
    const to = this.wanted[1] - this.head.length + this.options.keepMargin;
    for (const s of this.segments) {
      if (s.before === undefined || !s.events) continue;
      if (s.start + s.length <= from || s.start > to) s.events = null;
    }
  }

  /** Binary search over the contiguous segments. */
  private segmentAt(i: number): Segment | undefined {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.segments[mid]!;
      if (i < s.start) hi = mid - 1;
      else if (i >= s.start + s.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  /** Rows currently held in memory, for tests and the benchmark. */
  get loadedRows(): number {
    return this.head.length + this.segments.reduce((n, s) => n + (s.events?.length ?? 0), 0);
  }
}
