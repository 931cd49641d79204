// One retention cleanup: for each endpoint, find where its limits cut (the later of age,
// count and size), remove the unpinned events before the cut oldest first in small
// transactions, then give the freed pages back in small vacuum steps. Between any two steps
// it yields to the event loop, so DesktopApi calls are answered while it runs.
import type { EndpointRetention } from '../../protocol/retention.js';
import { checkpoint, freePages, vacuumStep } from './compaction.js';
import type { EngineStore } from './engine-store.js';
import { type Cut, cutAfter, laterCut, RetentionQueries } from './retention-queries.js';

export interface RetentionOptions {
  now: number;
  /** Events removed per transaction. */
  batchSize?: number;
  /** Pages returned to the file system per vacuum step (4 KiB each). */
  vacuumPages?: number;
  /** Called after each endpoint that lost events. */
  onRemoved?: (endpointId: string, count: number) => void;
  /** Checked between steps: true stops the cleanup (the engine is closing). */
  stopped?: () => boolean;
}

export interface RetentionReport {
  removed: number;
  /** Pages handed back to the file system. */
  vacuumedPages: number;
}

const SIZE_WALK_PAGE = 2000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runRetention(store: EngineStore, options: RetentionOptions): Promise<RetentionReport> {
  const batchSize = options.batchSize ?? 500;
  const stopped = () => options.stopped?.() === true || !store.db.open;
  const queries = new RetentionQueries(store.db);
  let removed = 0;
  for (const endpoint of store.endpoints.list()) {
    if (stopped()) break;
    const cut = await cutFor(queries, endpoint.id, store.retention.get(endpoint.id), options.now, stopped);
    if (!cut) continue;
    let count = 0;
    for (;;) {
      if (stopped()) break;
      // Without an fsync: a removal lost to a power cut is simply done again next time.
      const n = store.relaxedTransaction(() => queries.removeOldest(endpoint.id, cut, batchSize));
      count += n;
      if (n < batchSize) break;
      await yieldToEventLoop();
    }
    removed += count;
    if (count > 0) options.onRemoved?.(endpoint.id, count);
    await yieldToEventLoop();
  }
  const vacuumedPages = removed > 0 ? await reclaim(store, options.vacuumPages ?? 1024, stopped) : 0;
  return { removed, vacuumedPages };
}

/** The later (more removing) of the limits' cuts, or null when the endpoint is within them. */
async function cutFor(
  queries: RetentionQueries,
  endpointId: string,
  limits: EndpointRetention,
  now: number,
  stopped: () => boolean,
): Promise<Cut | null> {
  let cut: Cut | null = limits.maxAgeMs === null ? null : { receivedAt: now - limits.maxAgeMs, rowid: 0 };
  if (limits.maxCount !== null) cut = laterCut(cut, queries.countCut(endpointId, limits.maxCount));
  if (limits.maxBytes !== null) cut = laterCut(cut, await sizeCut(queries, endpointId, limits.maxBytes, stopped));
  return cut;
}

/** Walks the bodies newest first until they exceed the limit: that event and older go. */
async function sizeCut(
  queries: RetentionQueries,
  endpointId: string,
  maxBytes: number,
  stopped: () => boolean,
): Promise<Cut | null> {
  let total = 0;
  let from: Cut | null = null;
  for (;;) {
    if (stopped()) return null;
    const rows = queries.newestPage(endpointId, from, SIZE_WALK_PAGE);
    for (const row of rows) {
      total += row.bodySize;
      if (total > maxBytes) return cutAfter(row);
    }
    if (rows.length < SIZE_WALK_PAGE) return null;
    const last = rows.at(-1)!;
    from = { receivedAt: last.receivedAt, rowid: last.rowid };
    await yieldToEventLoop();
  }
}

async function reclaim(store: EngineStore, pages: number, stopped: () => boolean): Promise<number> {
  const before = freePages(store.db);
  let left = before;
  while (!stopped() && left > 0) {
    vacuumStep(store.db, pages);
    const now = freePages(store.db);
    if (now >= left) break; // nothing more comes back (never expected; never loop forever)
    left = now;
    await yieldToEventLoop();
  }
  if (!stopped()) checkpoint(store.db);
  return before - (store.db.open ? freePages(store.db) : 0);
}
