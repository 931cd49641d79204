// DesktopApi methods for reading events and replaying them.
import { DesktopApiError } from '../../protocol/desktop-api.js';
import type { DesktopHandlers } from '../desktop-api/desktop-handlers.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import type { BulkReplays } from '../replay/bulk-replay.js';
import type { ReplayService } from '../replay/replay-service.js';
import type { EngineStore } from '../store/engine-store.js';
import type { EventReadThread } from '../store/event-read-thread.js';

type EventMethods = Pick<
  DesktopHandlers,
  | 'events.list'
  | 'events.count'
  | 'events.get'
  | 'events.pin'
  | 'replay.send'
  | 'replay.bulk.start'
  | 'replay.bulk.cancel'
  | 'replay.bulk.status'
>;

const DEFAULT_PAGE = 100;

export function eventHandlers(deps: {
  store: EngineStore;
  /** Lists and counts run there, off the engine's thread; absent, they run here. */
  reader?: EventReadThread;
  replay: ReplayService;
  bulk: BulkReplays;
  events: DesktopEventBus;
  now: () => number;
}): EventMethods {
  const { store } = deps;
  return {
    'events.list': async ({ query, before, limit }) => {
      if (before !== undefined && !/^\d+$/.test(before)) {
        throw new DesktopApiError('invalid_params', 'before must be the nextBefore of a previous page');
      }
      const page = limit ?? DEFAULT_PAGE;
      return deps.reader
        ? deps.reader.list(query, before, page, deps.now())
        : store.events.list(query, before, page, deps.now());
    },
    'events.count': async ({ query }) => ({
      count: deps.reader ? await deps.reader.count(query, deps.now()) : store.events.count(query, deps.now()),
    }),
    'events.get': async ({ id }) => {
      const event = store.events.get(id);
      const summary = store.events.summary(id);
      if (!event || !summary) throw new DesktopApiError('not_found', `no event ${id}`);
      return {
        ...summary,
        headers: event.headers,
        body: event.body.toString('base64'),
        sourceIp: event.sourceIp,
        rejectReason: event.rejectReason,
        findings: event.findings,
        attempts: store.attempts.forEvent(id),
        replays: store.events.replays(id),
      };
    },
    // A pinned event is kept whatever its endpoint's retention says.
    'events.pin': async ({ id, pinned }) => {
      if (!store.events.setPinned(id, pinned)) throw new DesktopApiError('not_found', `no event ${id}`);
      const event = store.events.summary(id)!;
      deps.events.emit('onEventUpdated', { event });
      return { event };
    },
    'replay.send': async ({ eventId, edits, to, resign }) => deps.replay.replay(eventId, edits, to, resign),
    'replay.bulk.start': async (params) => {
      if (params.ids && params.query) throw new DesktopApiError('invalid_params', 'give ids or a query, not both');
      return deps.bulk.start(params);
    },
    'replay.bulk.cancel': async ({ jobId }) => deps.bulk.cancel(jobId),
    'replay.bulk.status': async ({ jobId }) => deps.bulk.status(jobId),
  };
}
