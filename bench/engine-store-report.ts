// The store benchmark's tables: insert rates beside the bare baseline, seeding, query times.
import type { QueryTiming } from './engine-store-queries.js';
import { ratio } from './stats.js';
import { fixed, formatTable } from './text-table.js';

/** A list or search the inspector waits on longer than this feels slow; marked in the table. */
const SLOW_QUERY_MS = 100;

export interface StoreFigures {
  node: string;
  cores: number;
  bodyBytesAverage: number;
  insert: {
    rounds: number;
    batch: number;
    engineSingle: number;
    engineBatched: number;
    bareSingle: number;
    bareBatched: number;
    engineSingleAtSize: number;
    engineBatchedAtSize: number;
    /** The bare baseline measured in turns with the at-size runs. */
    bareSingleAtSize: number;
    bareBatchedAtSize: number;
  };
  seed: { events: number; ms: number; dbBytes: number };
  queries: QueryTiming[];
}

interface InsertRow {
  path: string;
  batch: number;
  eventsPerSec: number;
  baseline: number;
}

export function printStoreReport(f: StoreFigures) {
  const i = f.insert;
  const size = `at ${(f.seed.events / 1e6).toFixed(f.seed.events % 1e6 === 0 ? 0 : 2)}M`;
  const row = (path: string, batch: number, eventsPerSec: number, baseline: number): InsertRow => ({
    path,
    batch,
    eventsPerSec,
    baseline,
  });
  const inserts: InsertRow[] = [
    row('engine (commitRelayEvents), fresh', 1, i.engineSingle, i.bareSingle),
    row('engine (commitRelayEvents), fresh', i.batch, i.engineBatched, i.bareBatched),
    row('bare better-sqlite3, plain table', 1, i.bareSingle, i.bareSingle),
    row('bare better-sqlite3, plain table', i.batch, i.bareBatched, i.bareBatched),
    row(`engine (commitRelayEvents), ${size}`, 1, i.engineSingleAtSize, i.bareSingleAtSize),
    row(`engine (commitRelayEvents), ${size}`, i.batch, i.engineBatchedAtSize, i.bareBatchedAtSize),
    row(`bare, beside the ${size} runs`, 1, i.bareSingleAtSize, i.bareSingleAtSize),
    row(`bare, beside the ${size} runs`, i.batch, i.bareBatchedAtSize, i.bareBatchedAtSize),
  ];
  const insertTable = formatTable<InsertRow>(
    [
      { header: 'insert path', align: 'left', cell: (r) => r.path },
      { header: 'events/commit', cell: (r) => String(r.batch) },
      { header: 'events/s', cell: (r) => fixed(r.eventsPerSec, 0) },
      { header: 'ms/commit', cell: (r) => fixed((1000 * r.batch) / r.eventsPerSec, 2) },
      { header: 'x bare', cell: (r) => fixed(ratio(r.eventsPerSec, r.baseline), 2) },
    ],
    inserts,
  );
  const queryTable = formatTable<QueryTiming>(
    [
      { header: 'query (page of 100, newest first)', align: 'left', cell: (q) => q.name },
      { header: 'rows', cell: (q) => q.rows.toLocaleString('en') },
      { header: 'median ms', cell: (q) => fixed(q.medianMs, 2) },
      { header: 'p95 ms', cell: (q) => fixed(q.p95Ms, 2) },
      { header: 'max ms', cell: (q) => fixed(q.maxMs, 2) },
      { header: '', align: 'left', cell: (q) => (q.medianMs > SLOW_QUERY_MS ? 'SLOW' : '') },
    ],
    f.queries,
  );
  const lines = [
    '',
    `Engine store: events with ~${fixed(f.bodyBytesAverage, 0)}-byte JSON bodies and their senders' headers, full-text ` +
      'indexed; WAL, synchronous FULL. Node ' +
      `${f.node}, ${f.cores} cores.`,
    `Insert rate: medians of ${i.rounds} rounds; the bare baseline inserts the same rows into a plain table (no index, ` +
      'no full-text) with the same pragmas, taking turns with the engine in slices. x bare: engine / the bare rows ' +
      'measured beside it.',
    '',
    insertTable,
    '',
    `Seeded ${f.seed.events.toLocaleString('en')} events (repository insert, 10,000 per transaction) in ` +
      `${fixed(f.seed.ms / 1000, 1)} s (${fixed((f.seed.events * 1000) / f.seed.ms, 0)} events/s); ` +
      `database ${fixed(f.seed.dbBytes / 1024 ** 3, 2)} GiB.`,
    '',
    `Queries over ${f.seed.events.toLocaleString('en')} events through the repository (as the DesktopApi calls it), ` +
      'OS cache warm; SLOW: median over ' +
      `${SLOW_QUERY_MS} ms.`,
    '',
    queryTable,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
