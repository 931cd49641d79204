// Store insert rate: events committed through the engine's real ingest path
// (commitRelayEvents: event row, full-text row, forward-queue row, cursor, one transaction per
// batch), and the same rows inserted by bare better-sqlite3 into a plain table with no index or
// full-text index, same WAL and fsync settings: the baseline.
import path from 'node:path';
import Database from 'better-sqlite3';
import { DesktopEventBus } from '../app/desktop-api/event-bus.js';
import { commitRelayEvents } from '../app/engine/event-ingest.js';
import type { EngineStore } from '../app/store/engine-store.js';
import { DEFAULT_DOOR_TEXT } from '../protocol/crypto/door-vault.js';
import { TARGET_DEFAULTS } from '../protocol/desktop-api.js';
import type { WireEvent } from '../protocol/event.js';
import { BENCH_ENDPOINTS } from './engine-store-data.js';

export interface InsertRun {
  events: number;
  batch: number;
  ms: number;
  eventsPerSec: number;
}

/** Endpoints as synced from the relay, each with one target, so ingest queues a delivery per event. */
export function addBenchEndpoints(
  store: EngineStore,
  now = Date.now(),
  endpoints: readonly { id: string; name: string }[] = BENCH_ENDPOINTS,
) {
  store.transaction(() => {
    for (const e of endpoints) {
      store.endpoints.save({
        id: e.id,
        name: e.name,
        key: `wh_${e.name.padEnd(32, '0')}`,
        url: `http://127.0.0.1:8787/h/wh_${e.name.padEnd(32, '0')}`,
        enabled: true,
        sealedDoor: DEFAULT_DOOR_TEXT,
        maxBodyBytes: 25 * 1024 * 1024,
        revision: 1,
        syncState: 'synced',
        syncOp: null,
        syncError: null,
        deleted: false,
        updatedAt: now,
      });
      store.targets.save(
        { ...TARGET_DEFAULTS, id: `tg_${e.name}`, endpointId: e.id, url: `http://localhost:3000/${e.name}` },
        now,
      );
    }
  });
}

function timed(events: number, batch: number, run: () => void): InsertRun {
  const started = performance.now();
  run();
  const ms = performance.now() - started;
  return { events, batch, ms, eventsPerSec: (events * 1000) / ms };
}

export function engineInsert(store: EngineStore, events: WireEvent[], batch: number): InsertRun {
  // No listeners and no forwarder: what is measured is the store's side of ingest.
  const bus = new DesktopEventBus();
  const kick = () => {};
  return timed(events.length, batch, () => {
    for (let i = 0; i < events.length; i += batch) {
      commitRelayEvents(store, bus, kick, events.slice(i, i + batch), Date.now());
    }
  });
}

/** The baseline's database: the engine's pragmas, one plain table. */
export function openBareTable(dir: string): Database.Database {
  const db = new Database(path.join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (
    id TEXT, seq INTEGER, endpoint_id TEXT, endpoint_name TEXT, method TEXT, path TEXT, query TEXT,
    headers TEXT, body BLOB, body_size INTEGER, source_ip TEXT, received_at INTEGER, outcome TEXT)`);
  return db;
}

export function bareInsert(db: Database.Database, events: WireEvent[], batch: number): InsertRun {
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  // The same conversions the engine makes per event, so only the storage differs.
  const commit = db.transaction((rows: WireEvent[]) => {
    for (const e of rows) {
      const body = Buffer.from(e.body, 'base64');
      insert.run(
        e.id,
        e.seq,
        e.endpointId,
        e.endpointName,
        e.method,
        e.path,
        e.query,
        JSON.stringify(e.headers),
        body,
        body.length,
        e.sourceIp,
        Date.parse(e.receivedAt),
        e.outcome,
      );
    }
  });
  return timed(events.length, batch, () => {
    for (let i = 0; i < events.length; i += batch) commit.immediate(events.slice(i, i + batch));
  });
}
