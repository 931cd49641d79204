// Fills a data dir's engine store before `porthole start` opens it: the endpoint (pending
// create, so the engine registers it with its embedded relay under the same id), its local
// target, then the events by engine-store's fast path (seedEvents) and their forward attempts.

import { EngineStore } from '../app/store/engine-store.js';
import { DEFAULT_DOOR_TEXT } from '../protocol/crypto/door-vault.js';
import { TARGET_DEFAULTS } from '../protocol/desktop-api.js';
import { DEFAULT_ENDPOINT_BODY_LIMIT } from '../protocol/relay-api.js';
import { seedEvents } from './engine-store-seed.js';
import { InspectorEventFactory, UI_ENDPOINT } from './ui-event-mix.js';

export interface SeedResult {
  events: number;
  ms: number;
  averageBodyBytes: number;
}

export function seedInspectorStore(dataDir: string, count: number, seed = 20_260_101): SeedResult {
  const started = performance.now();
  const store = EngineStore.open(dataDir);
  try {
    const now = Date.now();
    store.transaction(() => {
      store.endpoints.save({
        id: UI_ENDPOINT.id,
        name: UI_ENDPOINT.name,
        key: null,
        url: null,
        enabled: true,
        sealedDoor: DEFAULT_DOOR_TEXT,
        maxBodyBytes: DEFAULT_ENDPOINT_BODY_LIMIT,
        revision: 0,
        syncState: 'pending',
        syncOp: 'create',
        syncError: null,
        deleted: false,
        updatedAt: now,
      });
      store.targets.save(
        { ...TARGET_DEFAULTS, id: UI_ENDPOINT.targetId, endpointId: UI_ENDPOINT.id, url: UI_ENDPOINT.targetUrl },
        now,
      );
    });
    const factory = new InspectorEventFactory(seed);
    seedEvents(store, factory, 1, count, () => {
      const attempts = factory.takeAttempts();
      store.transaction(() => {
        for (const a of attempts) store.attempts.insert(a);
      });
    });
    // A fresh embedded relay has no seq yet: start the stream from its beginning.
    store.settings.setCursor(0);
    const { bytes } = store.db.prepare('SELECT AVG(body_size) AS bytes FROM events').get() as { bytes: number };
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    return { events: count, ms: performance.now() - started, averageBodyBytes: bytes };
  } finally {
    store.close();
  }
}
