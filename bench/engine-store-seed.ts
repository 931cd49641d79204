// Fills an engine store with many events fast: the repository's own insert (event row and
// full-text row), its forward outcome recorded as the forwarder does, in large transactions.
import type { EngineStore } from '../app/store/engine-store.js';
import type { EventFactory } from './engine-store-data.js';

const EVENTS_PER_TRANSACTION = 10_000;

export function seedEvents(
  store: EngineStore,
  factory: EventFactory,
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
