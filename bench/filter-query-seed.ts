// The filter benchmark's store: 1,000,000 mixed events seeded through the repository's insert
// (engine-store's seedEvents), kept between runs because seeding takes minutes. The cache is a
// data dir under BENCH_CACHE_DIR (default: the OS temp dir), named by the data's version and
// size; a marker written after the last commit tells a finished seed from an interrupted one.
// Opening it runs the engine's migrations, so a cached store picks up new indexes (once).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engineDatabasePath } from '../app/store/engine-database.js';
import { EngineStore } from '../app/store/engine-store.js';
import { addBenchEndpoints } from './engine-store-insert.js';
import { seedEvents } from './engine-store-seed.js';
import { MIX_ENDPOINTS, MixedEventFactory } from './filter-query-data.js';

/** Bump when filter-query-data.ts changes what it makes, so an old cache is not reused. */
const DATA_VERSION = 1;
const SEED = 20_260_601;

export interface SeededStore {
  store: EngineStore;
  events: number;
  /** Seeding time when this run seeded; null when the cache was reused. */
  seedMs: number | null;
  dbBytes: number;
  dir: string;
}

export function openSeededStore(events: number, log: (line: string) => void): SeededStore {
  const root = process.env['BENCH_CACHE_DIR'] ?? path.join(os.tmpdir(), 'porthole-bench-cache');
  const dir = path.join(root, `filter-query-v${DATA_VERSION}-${events}`);
  const marker = path.join(dir, 'seeded.json');
  let seedMs: number | null = null;
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const store = EngineStore.open(dir);
    try {
      addBenchEndpoints(store, Date.now(), MIX_ENDPOINTS);
      const started = performance.now();
      let lastReport = started;
      seedEvents(store, new MixedEventFactory(SEED), 1, events, (done) => {
        if (performance.now() - lastReport < 15_000 && done < events) return;
        lastReport = performance.now();
        log(`seeded ${done.toLocaleString('en')} events (${((lastReport - started) / 1000).toFixed(0)} s)`);
      });
      seedMs = performance.now() - started;
      store.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      store.close();
    }
    fs.writeFileSync(marker, JSON.stringify({ events, seedMs, seededAt: new Date().toISOString() }));
  } else {
    log(`reusing the seeded store in ${dir} (remove it to seed again)`);
  }
  const opened = performance.now();
  const store = EngineStore.open(dir);
  const openMs = performance.now() - opened;
  // Migrations that build an index over a million rows show here, once per new migration.
  if (openMs > 1000) log(`opening (migrations) took ${(openMs / 1000).toFixed(1)} s`);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return { store, events, seedMs, dbBytes: fs.statSync(engineDatabasePath(dir)).size, dir };
}
