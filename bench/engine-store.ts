// The engine's local store: insert rate through the real ingest path beside bare
// better-sqlite3 (medians of 3 rounds on fresh files), then list/search/count times over
// 1,000,000 stored events, then the insert rate again at that size.
// The baseline's rows go to their own file, so the engine's store holds only its own events.
import fs from 'node:fs';
import os from 'node:os';
import { engineDatabasePath } from '../app/store/engine-database.js';
import { EngineStore } from '../app/store/engine-store.js';
import type { WireEvent } from '../protocol/event.js';
import type { Benchmark } from './benchmark.js';
import { EventFactory, toWireEvent } from './engine-store-data.js';
import { addBenchEndpoints, bareInsert, engineInsert, type InsertRun, openBareTable } from './engine-store-insert.js';
import { timeQueries } from './engine-store-queries.js';
import { printStoreReport, type StoreFigures } from './engine-store-report.js';
import { seedEvents } from './engine-store-seed.js';
import { median } from './stats.js';
import { makeTempDir } from './temp-dirs.js';

const ROUNDS = 3;
/** One commit (and fsync) per event: a quiet stream. */
const SINGLE_EVENTS = 500;
/** The relay's stream window: the largest batch a busy stream commits at once. */
const BATCH = 100;
const BATCHED_EVENTS = 20_000;
/** BENCH_STORE_EVENTS=100000 for a quicker look; the figures quoted are at 1,000,000. */
/** Turns each side takes in a round. */
const SLICES = 10;
const STORED_EVENTS = Number(process.env['BENCH_STORE_EVENTS'] ?? 1_000_000);

export const engineStoreBenchmark: Benchmark = {
  name: 'engine-store',
  description: `engine store insert rate vs bare better-sqlite3, and queries over ${STORED_EVENTS.toLocaleString('en')} events`,
  run: runEngineStore,
};

const log = (line: string) => process.stderr.write(`  ${line}\n`);

async function runEngineStore(): Promise<StoreFigures> {
  const factory = new EventFactory(20_260_101);
  let seq = 0;
  const wireEvents = (n: number): WireEvent[] => Array.from({ length: n }, () => toWireEvent(factory.event(++seq)));

  // Insert rate on fresh files. The two sides take turns in slices, so both see the same disk
  // noise (fsync latency here varies several-fold with what else runs on the machine).
  const runs: Record<string, InsertRun[]> = { engine1: [], engineBatch: [], bare1: [], bareBatch: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const temp = makeTempDir('porthole-bench-store-');
    const store = EngineStore.open(temp.dir);
    const bare = openBareTable(temp.dir);
    try {
      addBenchEndpoints(store);
      const single = wireEvents(SINGLE_EVENTS);
      const batched = wireEvents(BATCHED_EVENTS);
      const [engine1, bare1] = takeTurns(
        SLICES,
        single,
        (events) => engineInsert(store, events, 1),
        (events) => bareInsert(bare, events, 1),
      );
      const [engineBatch, bareBatch] = takeTurns(
        SLICES,
        batched,
        (events) => engineInsert(store, events, BATCH),
        (events) => bareInsert(bare, events, BATCH),
      );
      runs['engine1']!.push(engine1);
      runs['bare1']!.push(bare1);
      runs['engineBatch']!.push(engineBatch);
      runs['bareBatch']!.push(bareBatch);
      log(
        `round ${round + 1}/${ROUNDS}: engine ${rate(runs['engine1']!)} / ${rate(runs['engineBatch']!)} ev/s, ` +
          `bare ${rate(runs['bare1']!)} / ${rate(runs['bareBatch']!)} ev/s (batch 1 / ${BATCH})`,
      );
    } finally {
      store.close();
      bare.close();
      temp.remove();
    }
  }

  // A store with a million events, seeded by the fast path.
  const temp = makeTempDir('porthole-bench-store-1m-');
  const store = EngineStore.open(temp.dir);
  try {
    addBenchEndpoints(store);
    const seedStarted = performance.now();
    let lastReport = seedStarted;
    seedEvents(store, factory, seq + 1, STORED_EVENTS, (done) => {
      if (performance.now() - lastReport < 10_000 && done < STORED_EVENTS) return;
      lastReport = performance.now();
      log(`seeded ${done.toLocaleString('en')} events (${((lastReport - seedStarted) / 1000).toFixed(0)} s)`);
    });
    seq += STORED_EVENTS;
    const seedMs = performance.now() - seedStarted;
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const dbBytes = fs.statSync(engineDatabasePath(temp.dir)).size;

    const queries = timeQueries(store, (name) => log(`query: ${name}`));

    // The insert rate once the store is big: deeper indexes, a large full-text index.
    // Beside a bare table again, taking turns, so the ratio is to what the disk did meanwhile.
    const atSize: Record<string, InsertRun[]> = { engine1: [], engineBatch: [], bare1: [], bareBatch: [] };
    const bare = openBareTable(temp.dir);
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const [engine1, bare1] = takeTurns(
          SLICES,
          wireEvents(SINGLE_EVENTS),
          (events) => engineInsert(store, events, 1),
          (events) => bareInsert(bare, events, 1),
        );
        const [engineBatch, bareBatch] = takeTurns(
          SLICES,
          wireEvents(BATCHED_EVENTS),
          (events) => engineInsert(store, events, BATCH),
          (events) => bareInsert(bare, events, BATCH),
        );
        atSize['engine1']!.push(engine1);
        atSize['bare1']!.push(bare1);
        atSize['engineBatch']!.push(engineBatch);
        atSize['bareBatch']!.push(bareBatch);
      }
    } finally {
      bare.close();
    }

    const figures: StoreFigures = {
      node: process.version,
      cores: os.availableParallelism(),
      bodyBytesAverage: averageBodyBytes(),
      insert: {
        rounds: ROUNDS,
        batch: BATCH,
        engineSingle: medianRate(runs['engine1']!),
        engineBatched: medianRate(runs['engineBatch']!),
        bareSingle: medianRate(runs['bare1']!),
        bareBatched: medianRate(runs['bareBatch']!),
        engineSingleAtSize: medianRate(atSize['engine1']!),
        engineBatchedAtSize: medianRate(atSize['engineBatch']!),
        bareSingleAtSize: medianRate(atSize['bare1']!),
        bareBatchedAtSize: medianRate(atSize['bareBatch']!),
      },
      seed: { events: STORED_EVENTS, ms: seedMs, dbBytes },
      queries,
    };
    printStoreReport(figures);
    return figures;
  } finally {
    store.close();
    temp.remove();
  }
}

/** Both sides insert `events` (each into its own database), in alternating slices; totals per side. */
function takeTurns(
  slices: number,
  events: WireEvent[],
  a: (events: WireEvent[]) => InsertRun,
  b: (events: WireEvent[]) => InsertRun,
): [InsertRun, InsertRun] {
  const size = Math.ceil(events.length / slices);
  const total = (runs: InsertRun[]): InsertRun => {
    const ms = runs.reduce((sum, r) => sum + r.ms, 0);
    return { events: events.length, batch: runs[0]!.batch, ms, eventsPerSec: (events.length * 1000) / ms };
  };
  const aRuns: InsertRun[] = [];
  const bRuns: InsertRun[] = [];
  for (let i = 0; i < slices; i++) {
    const slice = events.slice(i * size, (i + 1) * size);
    if (i % 2 === 0) {
      aRuns.push(a(slice));
      bRuns.push(b(slice));
    } else {
      bRuns.push(b(slice));
      aRuns.push(a(slice));
    }
  }
  return [total(aRuns), total(bRuns)];
}

function rate(runs: InsertRun[]): string {
  return runs.at(-1)!.eventsPerSec.toFixed(0);
}

function medianRate(runs: InsertRun[]): number {
  return median(runs.map((r) => r.eventsPerSec));
}

function averageBodyBytes(): number {
  const sample = new EventFactory(7);
  let bytes = 0;
  for (let i = 1; i <= 1000; i++) bytes += sample.event(i).body.length;
  return bytes / 1000;
}
