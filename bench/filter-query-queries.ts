// What the filter benchmark times: filters in the filter language through the repository's
// list (first page of 100, newest first) and count, exactly as events.list/events.count call
// them, and the baseline: a plain indexed page of the same rows, prepared once. Each query's
// SQL is captured as the repository prepares it, so its EXPLAIN QUERY PLAN can be printed.
import type Database from 'better-sqlite3';
import type { EngineStore } from '../app/store/engine-store.js';
import { SUMMARY_COLUMNS } from '../app/store/event-records.js';
import { RARE_WORD } from './filter-query-data.js';
import { median, percentile } from './stats.js';

/** The DesktopApi's default page. */
export const PAGE = 100;
const WARMUP_RUNS = 2;
const MAX_RUNS = 30;
/** A full scan takes seconds: it gets at least MIN_RUNS, then stops at the time budget. */
const MIN_RUNS = 5;
const BUDGET_MS = 20_000;

export type QueryKind = 'page' | 'field' | 'body path' | 'full text' | 'combination' | 'deep page';

export interface QuerySpec {
  kind: QueryKind;
  /** The filter as typed; '' for none. */
  filter: string;
  op: 'list' | 'count';
  /** A `before` cursor far down the list (deep page). */
  deep?: boolean;
}

export interface QueryTiming extends QuerySpec {
  /** Rows on the page, or the count. */
  rows: number;
  runs: number;
  medianMs: number;
  p95Ms: number;
  /** EXPLAIN QUERY PLAN of the statement's last run, one line per step. */
  plan: string[];
}

const list = (kind: QueryKind, filter: string, deep = false): QuerySpec => ({ kind, filter, op: 'list', deep });
const count = (kind: QueryKind, filter: string): QuerySpec => ({ kind, filter, op: 'count' });
/** Each filter as a first page, then counted. */
const both = (kind: QueryKind, filter: string): QuerySpec[] => [list(kind, filter), count(kind, filter)];

export const QUERY_SPECS: QuerySpec[] = [
  list('page', ''),
  count('page', ''),
  ...both('field', 'method=POST status=5xx'),
  ...both('field', 'header.x-github-event=push'),
  ...both('field', 'endpoint=stripe'),
  ...both('field', 'endpoint=twilio'),
  ...both('field', 'received>2026-01-01T12:00:00Z'),
  // Ten minutes early in the store's day: 1.2% of the events, nine tenths down the list.
  ...both('field', 'received>=2026-01-01T01:00:00Z received<2026-01-01T01:10:00Z'),
  ...both('body path', 'body.type="invoice.paid"'),
  ...both('body path', 'body.data.object.amount>10000'),
  // Matches nothing: the worst case, every body read.
  ...both('body path', 'body.data.object.customer=cus_nosuchcustomer'),
  ...both('full text', 'invoice'),
  ...both('full text', RARE_WORD),
  ...both('combination', 'endpoint=stripe body.type="invoice.paid" status=2xx'),
  ...both('combination', 'path^=/stripe and not body.livemode=true'),
  ...both('combination', 'header.x-github-event=pull_request body.action=opened'),
  ...both('combination', 'invoice status=5xx'),
  list('deep page', '', true),
  list('deep page', 'endpoint=stripe', true),
  list('deep page', 'status=5xx', true),
  list('deep page', 'body.type="invoice.paid"', true),
  list('deep page', 'invoice', true),
];

/** Records the SQL and parameters of the last statement the repository ran. */
function captureStatements(db: Database.Database): () => { sql: string; params: unknown[] } | null {
  let last: { sql: string; params: unknown[] } | null = null;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    // A proxy, so every other method still runs on the native statement.
    return new Proxy(stmt, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        if (key !== 'all' && key !== 'get') return value.bind(target);
        return (...params: unknown[]) => {
          last = { sql, params };
          return value.apply(target, params);
        };
      },
    });
  }) as typeof db.prepare;
  return () => last;
}

export interface Sampled {
  runs: number;
  medianMs: number;
  p95Ms: number;
  samples: number[];
}

export function sample(run: () => unknown, maxRuns = MAX_RUNS): Sampled {
  for (let i = 0; i < WARMUP_RUNS; i++) run();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < maxRuns && (samples.length < MIN_RUNS || performance.now() - started < BUDGET_MS)) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { runs: samples.length, medianMs: median(sorted), p95Ms: percentile(sorted, 95), samples };
}

export interface QueryRun {
  queries: QueryTiming[];
  /** The plain page, sampled between the queries so it sees the same machine. */
  baseline: Sampled;
  baselinePlan: string[];
  deepCursor: number;
}

export function timeQueries(store: EngineStore, progress: (line: string) => void): QueryRun {
  const lastStatement = captureStatements(store.db);
  const explain = (sql: string, params: unknown[]) =>
    (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  const maxRowid = (store.db.prepare('SELECT MAX(rowid) AS m FROM events').get() as { m: number }).m;
  // Nine tenths of the way down: what the list holds after scrolling through most of the store.
  const deepCursor = Math.floor(maxRowid / 10);
  const plainSql = `SELECT ${SUMMARY_COLUMNS} FROM events ORDER BY rowid DESC LIMIT ?`;
  const plain = store.db.prepare(plainSql);
  const baselineSamples: number[] = [];
  const baselineRound = () => baselineSamples.push(...sample(() => plain.all(PAGE + 1), 5).samples);

  const queries = QUERY_SPECS.map((spec): QueryTiming => {
    const query = spec.filter ? { filter: spec.filter } : undefined;
    const before = spec.deep ? String(deepCursor) : undefined;
    const run =
      spec.op === 'list' ? () => store.events.list(query, before, PAGE).events.length : () => store.events.count(query);
    const rows = run();
    const statement = lastStatement()!;
    const timing = sample(run);
    baselineRound();
    const plan = explain(statement.sql, statement.params);
    progress(
      `${spec.op} ${spec.filter || '(no filter)'}${spec.deep ? ' (deep)' : ''}: median ${timing.medianMs.toFixed(1)} ms` +
        ` over ${timing.runs}; plan: ${plan.join(' | ')}`,
    );
    return { ...spec, rows, runs: timing.runs, medianMs: timing.medianMs, p95Ms: timing.p95Ms, plan };
  });
  const sorted = baselineSamples.sort((a, b) => a - b);
  return {
    queries,
    baseline: { runs: sorted.length, medianMs: median(sorted), p95Ms: percentile(sorted, 95), samples: sorted },
    baselinePlan: explain(plainSql, [PAGE + 1]),
    deepCursor,
  };
}
