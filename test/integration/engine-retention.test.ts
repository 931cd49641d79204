// Retention over a real engine and its SQLite file: age, count and size limits each remove
// exactly the oldest unpinned events of their endpoint (others untouched), with their forward
// attempts, queue rows and full-text rows; the file gives the space back (incremental vacuum);
// and the DesktopApi keeps answering while 20,000 events go.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDesktopApi } from '../../app/desktop-api/ws-client.js';
import { type RunningEngine, startEngine } from '../../app/engine/engine.js';
import { engineDatabasePath } from '../../app/store/engine-database.js';
import { migrateEngineDatabase } from '../../app/store/engine-migrations.js';
import { EngineStore } from '../../app/store/engine-store.js';
import { type DesktopApi, DesktopApiError, type LocalEndpoint } from '../../protocol/desktop-api.js';
import { DEFAULT_RETENTION, type EndpointRetention, KEEP_FOREVER } from '../../protocol/retention.js';
import { startLocalService } from '../helpers/local-service.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const DAY = 86_400_000;
let temp: ReturnType<typeof makeTempDir>;
let engine: RunningEngine;
let api: DesktopApi;
let clock: number;

beforeEach(async () => {
  temp = makeTempDir('porthole-retention-');
  clock = Date.parse('2024-01-01T00:00:00Z');
  // Cleanups run only when a test asks (or sets a limit): no timers in the way.
  engine = await startEngine({
    dataDir: temp.dir,
    now: () => clock,
    retention: { startupDelayMs: 1e9, intervalMs: 0 },
  });
  api = engine.api;
});
afterEach(async () => {
  await engine.close();
  temp.cleanup();
});

/** Imports `n` events into the endpoint, one per clock tick of `stepMs`; returns their ids, oldest first. */
async function addEvents(
  endpoint: LocalEndpoint,
  n: number,
  opts: { stepMs?: number; body?: (i: number) => string } = {},
) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = Buffer.from(opts.body?.(i) ?? `{"n":${i}}`).toString('base64');
    const { events } = await api.invoke('events.import', {
      endpointId: endpoint.id,
      source: 'json',
      requests: [{ method: 'POST', path: `/e${i}`, query: '', headers: [['content-type', 'application/json']], body }],
    });
    ids.push(events[0]!.id);
    clock += opts.stepMs ?? 1000;
  }
  return ids;
}

/** Bulk import (1,000 a call), all at the current clock. */
async function addMany(endpoint: LocalEndpoint, n: number, body = 'x'.repeat(200)) {
  const b64 = Buffer.from(body).toString('base64');
  for (let done = 0; done < n; done += 1000) {
    const requests = Array.from({ length: Math.min(1000, n - done) }, (_, i) => ({
      method: 'POST',
      path: `/bulk/${done + i}`,
      query: '',
      headers: [] as [string, string][],
      body: b64,
    }));
    await api.invoke('events.import', { endpointId: endpoint.id, source: 'json', requests });
    clock += 1000;
  }
}

async function idsOf(endpoint: LocalEndpoint): Promise<string[]> {
  const { events } = await api.invoke('events.list', { query: { endpointId: endpoint.id }, limit: 1000 });
  return events.map((e) => e.id).reverse(); // oldest first
}

async function setRetention(endpoint: LocalEndpoint, retention: Partial<EndpointRetention>) {
  const updated = await api.invoke('endpoints.update', {
    id: endpoint.id,
    retention: { ...KEEP_FOREVER, ...retention },
  });
  await engine.runRetention(); // the one the update started, or one right after it
  return updated;
}

const readDb = () => new Database(engineDatabasePath(temp.dir), { readonly: true, fileMustExist: true });

describe('retention settings', () => {
  it('gives a new endpoint the default, stores changes locally without a sync, and validates them', async () => {
    const ep = await api.invoke('endpoints.create', { name: 'shop' });
    expect(ep.retention).toEqual(DEFAULT_RETENTION);
    const updated = await api.invoke('endpoints.update', {
      id: ep.id,
      retention: { maxAgeMs: 7 * DAY, maxCount: 500, maxBytes: null },
    });
    expect(updated.retention).toEqual({ maxAgeMs: 7 * DAY, maxCount: 500, maxBytes: null });
    // Engine-local: neither the revision nor the sync state moved.
    expect(updated.revision).toBe(ep.revision);
    const listed = (await api.invoke('endpoints.list', {})).endpoints.find((e) => e.id === ep.id)!;
    expect(listed.retention).toEqual(updated.retention);
    for (const bad of [
      { maxAgeMs: 0, maxCount: null, maxBytes: null },
      { maxAgeMs: null, maxCount: -1, maxBytes: null },
      { maxAgeMs: null, maxCount: null },
      { ...KEEP_FOREVER, extra: 1 },
    ]) {
      const err = await api
        .invoke('endpoints.update', { id: ep.id, retention: bad as unknown as EndpointRetention })
        .catch((e: unknown) => e);
      expect(err, JSON.stringify(bad)).toBeInstanceOf(DesktopApiError);
      expect((err as DesktopApiError).code).toBe('invalid_params');
    }
  });

  it('pins and unpins an event', async () => {
    const ep = await api.invoke('endpoints.create', { name: 'shop' });
    const [id] = await addEvents(ep, 1);
    expect((await api.invoke('events.list', {})).events[0]!.pinned).toBe(false);
    expect((await api.invoke('events.pin', { id: id!, pinned: true })).event.pinned).toBe(true);
    expect((await api.invoke('events.get', { id: id! })).pinned).toBe(true);
    expect((await api.invoke('events.pin', { id: id!, pinned: false })).event.pinned).toBe(false);
    await expect(api.invoke('events.pin', { id: 'evt_nope', pinned: true })).rejects.toThrow(/no event/);
  });
});

describe('retention cleanup', () => {
  let a: LocalEndpoint;
  let b: LocalEndpoint;
  let aIds: string[];
  let bIds: string[];

  beforeEach(async () => {
    a = await api.invoke('endpoints.create', { name: 'a' });
    b = await api.invoke('endpoints.create', { name: 'b' });
    await api.invoke('endpoints.update', { id: b.id, retention: KEEP_FOREVER });
    // Interleaved, a day apart: a0 b0 a1 b1 ...
    aIds = [];
    bIds = [];
    for (let i = 0; i < 10; i++) {
      aIds.push(...(await addEvents(a, 1, { stepMs: DAY / 2, body: () => '0123456789'.repeat(10) })));
      bIds.push(...(await addEvents(b, 1, { stepMs: DAY / 2, body: () => '0123456789'.repeat(10) })));
    }
  });

  it('by age: removes the unpinned events older than the limit, of that endpoint only', async () => {
    await api.invoke('events.pin', { id: aIds[1]!, pinned: true });
    // Now is day 10; a's events are at days 0..9: older than 5.5 days are days 0..4.
    const removed: { endpointId: string; count: number }[] = [];
    const off = api.on('onEventsRemoved', (e) => removed.push(e));
    await setRetention(a, { maxAgeMs: 5.5 * DAY });
    off();
    expect(await idsOf(a)).toEqual([aIds[1], ...aIds.slice(5)]);
    expect(await idsOf(b)).toEqual(bIds);
    expect(removed).toEqual([{ endpointId: a.id, count: 4 }]);
  });

  it('by count: keeps the newest N unpinned, plus the pinned', async () => {
    await api.invoke('events.pin', { id: aIds[0]!, pinned: true });
    await setRetention(a, { maxCount: 3 });
    expect(await idsOf(a)).toEqual([aIds[0], ...aIds.slice(7)]);
    expect(await idsOf(b)).toEqual(bIds);
    const listed = (await api.invoke('endpoints.list', {})).endpoints.find((e) => e.id === a.id)!;
    expect(listed.eventCount).toBe(4);
  });

  it('by total body size: keeps the newest events whose bodies fit, plus the pinned', async () => {
    await api.invoke('events.pin', { id: aIds[2]!, pinned: true });
    // 100-byte bodies: 350 bytes hold the newest three.
    await setRetention(a, { maxBytes: 350 });
    expect(await idsOf(a)).toEqual([aIds[2], ...aIds.slice(7)]);
    expect(await idsOf(b)).toEqual(bIds);
  });

  it('the strictest limit wins, and replays count as events of their endpoint', async () => {
    const service = await startLocalService();
    try {
      const replayed = await api.invoke('replay.send', { eventId: aIds[9]!, to: { url: service.url } });
      // 10 events + 1 replay; count 5 is stricter than a 30-day age limit.
      await setRetention(a, { maxAgeMs: 30 * DAY, maxCount: 5 });
      expect(await idsOf(a)).toEqual([...aIds.slice(6), replayed.event.id]);
    } finally {
      await service.close();
    }
  });

  it('removes forward attempts, queue rows and full-text rows with the events', async () => {
    const service = await startLocalService();
    try {
      const [found1] = await addEvents(a, 1, { body: () => '{"word":"zanzibarquux"}' });
      const replay = await api.invoke('replay.send', { eventId: found1!, to: { url: service.url } });
      expect(replay.attempts).toHaveLength(1);
      expect((await api.invoke('events.list', { query: { text: 'zanzibarquux' } })).events).toHaveLength(2);
      // A delivery still owed (as a target that was down would leave it).
      const rw = new Database(engineDatabasePath(temp.dir));
      rw.pragma('busy_timeout = 5000');
      rw.prepare('INSERT INTO forward_queue (event_id, target_id, enqueued_at) VALUES (?, ?, 0)').run(found1, 'tgt_x');
      rw.close();
      const [kept] = await addEvents(a, 1);

      await setRetention(a, { maxCount: 1 });
      expect(await idsOf(a)).toEqual([kept]);
      expect((await api.invoke('events.list', { query: { text: 'zanzibarquux' } })).events).toEqual([]);
      const db = readDb();
      try {
        expect(db.prepare('SELECT COUNT(*) AS n FROM attempts').get()).toEqual({ n: 0 });
        expect(db.prepare('SELECT COUNT(*) AS n FROM forward_queue').get()).toEqual({ n: 0 });
        // One full-text row per remaining event: b's 10 and the kept one (paths /eN).
        expect(db.prepare(`SELECT COUNT(*) AS n FROM events_fts WHERE events_fts MATCH '"e"*'`).get()).toEqual({
          n: 11,
        });
      } finally {
        db.close();
      }
    } finally {
      await service.close();
    }
  });
});

describe('compaction', () => {
  it('a new store is incremental; a cleanup gives the pages back and the file shrinks', async () => {
    const ep = await api.invoke('endpoints.create', { name: 'big' });
    await addMany(ep, 3000, 'y'.repeat(8000)); // ~24 MB of bodies
    const file = engineDatabasePath(temp.dir);
    const pagesOf = () => {
      const db = readDb();
      try {
        return {
          autoVacuum: db.pragma('auto_vacuum', { simple: true }) as number,
          pages: db.pragma('page_count', { simple: true }) as number,
          free: db.pragma('freelist_count', { simple: true }) as number,
        };
      } finally {
        db.close();
      }
    };
    const before = pagesOf();
    expect(before.autoVacuum).toBe(2);
    const sizeBefore = fs.statSync(file).size + fs.statSync(`${file}-wal`).size;

    const report = await setRetention(ep, { maxCount: 10 }).then(() => engine.runRetention());
    expect(report.removed).toBe(0); // the first run did it all
    const after = pagesOf();
    expect(after.free).toBe(0);
    expect(after.pages).toBeLessThan(before.pages / 5);
    const sizeAfter = fs.statSync(file).size + fs.statSync(`${file}-wal`).size;
    expect(sizeAfter).toBeLessThan(sizeBefore / 5);
    expect((await api.invoke('events.count', { query: { endpointId: ep.id } })).count).toBe(10);
  });

  it('converts a store made before retention to incremental vacuum once, at open', () => {
    const dir = makeTempDir('porthole-retention-old-');
    try {
      fs.mkdirSync(dir.dir, { recursive: true });
      const old = new Database(path.join(dir.dir, 'porthole.sqlite'));
      old.pragma('journal_mode = WAL');
      migrateEngineDatabase(old);
      expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
      old.close();
      const store = EngineStore.open(dir.dir);
      expect(store.db.pragma('auto_vacuum', { simple: true })).toBe(2);
      store.close();
    } finally {
      dir.cleanup();
    }
  });
});

describe('responsiveness', () => {
  it('answers events.list while 20,000 events are removed', { timeout: 120_000 }, async () => {
    const ep = await api.invoke('endpoints.create', { name: 'flood' });
    await addMany(ep, 20_100);
    const client = await connectDesktopApi(engine.url, engine.token);
    try {
      const latencies: number[] = [];
      let done = false;
      const cleanup = setRetention(ep, { maxCount: 100 }).finally(() => {
        done = true;
      });
      while (!done) {
        const t0 = performance.now();
        await client.invoke('events.list', { limit: 50 });
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 2));
      }
      await cleanup;
      const max = Math.max(...latencies);
      console.log(`events.list during cleanup: ${latencies.length} calls, max ${max.toFixed(1)} ms`);
      expect(latencies.length).toBeGreaterThan(5);
      expect(max).toBeLessThan(250);
      expect((await api.invoke('events.count', { query: { endpointId: ep.id } })).count).toBe(100);
    } finally {
      await client.close();
    }
  });
});
