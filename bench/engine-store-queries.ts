// What the inspector asks the store over a million events: pages of events.list (newest
// first, keyset cursor) with each filter, full-text search, counts. Each query runs through
// the repository exactly as the DesktopApi handlers call it, warm (after a first run).
import type { EngineStore } from '../app/store/engine-store.js';
import type { EventQuery } from '../protocol/desktop-api.js';
import { BENCH_ENDPOINTS, COMMON_TERM, RARE_TERM } from './engine-store-data.js';
import { median, percentile } from './stats.js';

/** The DesktopApi's default page. */
const PAGE = 100;
const WARMUP_RUNS = 2;
const TIMED_RUNS = 15;
/** A query slower than this (a full scan) is timed fewer times, so the bench stays short. */
const SLOW_QUERY_MS = 500;
const SLOW_TIMED_RUNS = 3;

export interface QueryTiming {
  name: string;
  /** Rows on the page, or the count. */
  rows: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

interface QuerySpec {
  name: string;
  run(): number;
}

function specs(store: EngineStore): QuerySpec[] {
  const total = store.events.count(undefined);
  const maxRowid = Number(
    (store.db.prepare('SELECT MAX(rowid) AS m FROM events').get() as { m: number | null }).m ?? 0,
  );
  // A cursor half-way down: what the list holds after paging (or scrolling) through 500k rows.
  const middle = String(Math.floor(maxRowid / 2));
  const busiest = BENCH_ENDPOINTS[0]!;
  const quietest = BENCH_ENDPOINTS.at(-1)!;
  const list = (query: EventQuery | undefined, before?: string) => () =>
    store.events.list(query, before, PAGE).events.length;
  const count = (query: EventQuery | undefined) => () => store.events.count(query);
  const someId = store.events.list(undefined, middle, 1).events[0]?.id ?? '';
  return [
    { name: 'list: first page', run: list(undefined) },
    { name: `list: deep page (cursor at ${Math.round(total / 2000)}k)`, run: list(undefined, middle) },
    { name: `list: endpoint ${busiest.name} (${busiest.weight * 100}%)`, run: list({ endpointId: busiest.id }) },
    { name: `list: endpoint ${quietest.name} (${quietest.weight * 100}%)`, run: list({ endpointId: quietest.id }) },
    { name: `list: endpoint ${quietest.name}, deep`, run: list({ endpointId: quietest.id }, middle) },
    { name: 'list: method PUT (2%)', run: list({ method: 'PUT' }) },
    { name: 'list: pathPrefix /github/ (25%)', run: list({ pathPrefix: '/github/' }) },
    { name: 'list: pathPrefix /twilio/ (1%)', run: list({ pathPrefix: '/twilio/' }) },
    { name: 'list: pathPrefix, no match', run: list({ pathPrefix: '/nothing/' }) },
    { name: 'list: status 2xx (90%)', run: list({ status: '2xx' }) },
    { name: 'list: status 5xx (4%)', run: list({ status: '5xx' }) },
    { name: 'list: status 5xx, deep', run: list({ status: '5xx' }, middle) },
    { name: 'list: status 500', run: list({ status: '500' }) },
    { name: 'list: status error (2%)', run: list({ status: 'error' }) },
    { name: 'list: status none (2%)', run: list({ status: 'none' }) },
    { name: `list: text "${COMMON_TERM}" (common)`, run: list({ text: COMMON_TERM }) },
    { name: `list: text "${COMMON_TERM}", deep`, run: list({ text: COMMON_TERM }, middle) },
    { name: `list: text "${RARE_TERM}" (rare)`, run: list({ text: RARE_TERM }) },
    { name: `list: text + endpoint ${quietest.name}`, run: list({ text: COMMON_TERM, endpointId: quietest.id }) },
    { name: 'list: text, no match', run: list({ text: 'zzqqxxnomatch' }) },
    { name: 'count: all', run: count(undefined) },
    { name: `count: endpoint ${busiest.name}`, run: count({ endpointId: busiest.id }) },
    { name: 'count: status 5xx', run: count({ status: '5xx' }) },
    { name: `count: text "${COMMON_TERM}"`, run: count({ text: COMMON_TERM }) },
    { name: `count: text "${RARE_TERM}"`, run: count({ text: RARE_TERM }) },
    {
      name: 'count by endpoint (endpoints.list)',
      run: () => [...store.events.countByEndpoint().values()].reduce((a, b) => a + b, 0),
    },
    { name: 'get: one event (detail pane)', run: () => (store.events.get(someId) ? 1 : 0) },
  ];
}

export function timeQueries(store: EngineStore, progress: (name: string) => void): QueryTiming[] {
  return specs(store).map((spec) => {
    progress(spec.name);
    let rows = 0;
    let warmupMs = 0;
    for (let i = 0; i < WARMUP_RUNS; i++) {
      const started = performance.now();
      rows = spec.run();
      warmupMs = performance.now() - started;
    }
    const samples: number[] = [];
    for (let i = 0; i < (warmupMs > SLOW_QUERY_MS ? SLOW_TIMED_RUNS : TIMED_RUNS); i++) {
      const started = performance.now();
      spec.run();
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    return {
      name: spec.name,
      rows,
      medianMs: median(samples),
      p95Ms: percentile(samples, 95),
      maxMs: samples.at(-1)!,
    };
  });
}
