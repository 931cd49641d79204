// `events.import`: requests read from an exported file become events of the chosen endpoint,
// in file order, in one transaction. They never went through a relay (no seq, no door
// findings; sourceIp says `import:FORMAT`) and are not forwarded: the user replays them.
import { DesktopApiError } from '../../protocol/desktop-api.js';
import { newId } from '../../protocol/ids.js';
import type { DesktopHandlers } from '../desktop-api/desktop-handlers.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import type { EngineStore } from '../store/engine-store.js';

type ImportMethods = Pick<DesktopHandlers, 'events.import'>;

export function importHandlers(deps: {
  store: EngineStore;
  events: DesktopEventBus;
  now: () => number;
}): ImportMethods {
  const { store } = deps;
  return {
    'events.import': async ({ endpointId, source, requests }) => {
      const endpoint = store.endpoints.get(endpointId);
      if (!endpoint || endpoint.deleted) throw new DesktopApiError('not_found', `no endpoint ${endpointId}`);
      const now = deps.now();
      const ids = store.transaction(() =>
        requests.map((request) => {
          const stored = store.events.insert({
            id: newId('evt', now),
            seq: null,
            endpointId: endpoint.id,
            endpointName: endpoint.name,
            method: request.method.toUpperCase(),
            path: request.path,
            query: request.query,
            headers: request.headers,
            body: Buffer.from(request.body ?? '', 'base64'),
            sourceIp: `import:${source}`,
            receivedAt: now,
            outcome: 'accepted',
            rejectReason: null,
            findings: null,
            replayOf: null,
            replayDepth: 0,
          });
          if (!stored) throw new DesktopApiError('internal', 'could not store an imported event');
          return stored.id;
        }),
      );
      const events = ids.map((id) => store.events.summary(id)!);
      for (const event of events) deps.events.emit('onEvent', { event });
      return { events };
    },
  };
}
