// Fills an engine store with many events fast: the repository's own insert (event row and
// full-text row), its forward outcome recorded as the forwarder does, in large transactions.

import type { EngineStore } from '../app/store/engine-store.js';
import type { NewStoredEvent } from '../app/store/event-records.js';
import type { LastResult } from './engine-store-data.js';

/** What seeding reads: engine-store's EventFactory, the filter bench's mixed shapes. */
export interface EventSource {
  event(n: number): NewStoredEvent;
  /** The forward outcome of the event just made; null when it was never forwarded. */
  lastResult(): LastResult | null;
}

const EVENTS_PER_TRANSACTION = 10_000;

export function seedEvents(
  store: EngineStore,
  factory: EventSource,
  firstSeq: number,
  count: number,
  progress: (done: number) => void,
) {
  for (let done = 0; done < count; ) {
    const n = Math.min(EVENTS_PER_TRANSACTION, count - done);
    store.transaction(() => {
      for (let i = 0; i < n; i++) {
        const event = factory.event(firstSeq + done + i);
        if (!store.events.insert(event)) throw new Error(`seed event ${event.id} was already stored`);
        const result = factory.lastResult();
        if (result) store.events.recordLastResult(event.id, result.status, result.error, result.durationMs);
      }
      store.settings.setCursor(firstSeq + done + n - 1);
    });
    done += n;
    progress(done);
  }
}
