// Lists and counts run on the engine's read thread: the same answers as on the engine's own
// thread, a bad filter still refused with its position, and a count that reads every row
// leaves the engine answering other calls meanwhile.

import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEngine, startEngine } from '../../app/engine/engine.js';
import { engineDatabasePath } from '../../app/store/engine-database.js';
import { EngineStore } from '../../app/store/engine-store.js';
import type { LocalEndpoint } from '../../protocol/desktop-api.js';
import { eventually } from '../helpers/engine-harness.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const temp = makeTempDir('porthole-read-thread-');
let engine: RunningEngine;
let endpoint: LocalEndpoint;
const EVENTS = 30_000;

beforeAll(async () => {
  engine = await startEngine({ dataDir: temp.dir });
  endpoint = await engine.api.invoke('endpoints.create', { name: 'many' });
  for (let done = 0; done < EVENTS; done += 1000) {
    const requests = Array.from({ length: 1000 }, (_, i) => ({
      method: (done + i) % 3 === 0 ? 'PUT' : 'POST',
      path: `/orders/${done + i}`,
      query: '',
      headers: [['content-type', 'application/json']] as [string, string][],
      body: Buffer.from(
        JSON.stringify({ type: (done + i) % 10 === 0 ? 'invoice.paid' : 'other', n: done + i }),
      ).toString('base64'),
    }));
    await engine.api.invoke('events.import', { endpointId: endpoint.id, source: 'json', requests });
  }
}, 120_000);

afterAll(async () => {
  await engine.close();
  temp.cleanup();
});

describe('the read thread', () => {
  it('answers as the engine thread would', async () => {
    const filters = ['method=PUT', 'body.type="invoice.paid"', 'body.n>=29990', 'path^=/orders/1 not method=PUT', ''];
    const direct = new EngineStore(new Database(engineDatabasePath(temp.dir), { readonly: true }));
    try {
      for (const filter of filters) {
        const query = filter ? { filter } : {};
        const now = Date.now();
        expect((await engine.api.invoke('events.count', { query })).count, filter).toBe(
          direct.events.count(query, now),
        );
        const page = await engine.api.invoke('events.list', { query, limit: 20 });
        expect(page, filter).toEqual(direct.events.list(query, undefined, 20, now));
      }
    } finally {
      direct.close();
    }
  });

  it('checkpoints the WAL off the engine thread while the engine runs', async () => {
    // The engine's own connection no longer checkpoints (autocheckpoint 0); the read thread
    // copies the 30,000 imported events into the database file meanwhile.
    const file = engineDatabasePath(temp.dir);
    await eventually(() => fs.statSync(file).size > 5 * 1024 * 1024, 10_000);
    const wal = fs.statSync(`${file}-wal`).size;
    expect(wal).toBeLessThan(256 * 1024 * 1024);
  });

  it('refuses a bad filter with invalid_params and its position', async () => {
    await expect(engine.api.invoke('events.count', { query: { filter: 'body.n>' } })).rejects.toMatchObject({
      code: 'invalid_params',
      message: expect.stringContaining('at 7'),
    });
  });

  it('keeps the engine answering while a count reads every row', async () => {
    // A body path that no event has: every row's body is read.
    const started = performance.now();
    let finished = 0;
    const counting = engine.api.invoke('events.count', { query: { filter: 'body.nothing.here~/x+y/' } }).then((r) => {
      finished = performance.now();
      return r;
    });
    const latencies: number[] = [];
    while (finished === 0) {
      const t0 = performance.now();
      await engine.api.invoke('endpoints.list', {});
      latencies.push(performance.now() - t0);
      await new Promise((r) => setImmediate(r));
    }
    expect((await counting).count).toBe(0);
    const countMs = finished - started;
    console.log(
      `count over ${EVENTS} bodies: ${countMs.toFixed(0)} ms; ${latencies.length} other calls, max ${Math.max(...latencies).toFixed(1)} ms`,
    );
    // Answered many times over while the count ran: on the engine's thread the first call would
    // have waited for the whole count.
    expect(latencies.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThan(countMs);
  });
});
