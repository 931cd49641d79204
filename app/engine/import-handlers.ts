// `events.import` and `events.importFile`: requests read from an exported file become events
// of the chosen endpoint, in file order, in one transaction per batch. They never went through
// a relay (no seq, no door findings; sourceIp says `import:FORMAT`) and are not forwarded: the
// user replays them. `importFile` reads the file here (the renderer cannot run the importers'
// schema checks under its CSP).
import { DesktopApiError, type EventSummary } from '../../protocol/desktop-api.js';
import { ImportError, type ImportedRequest } from '../../protocol/export/import/imported-request.js';
import { parseImport } from '../../protocol/export/import/parse-import.js';
import { newId } from '../../protocol/ids.js';
import type { DesktopHandlers } from '../desktop-api/desktop-handlers.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import type { EngineStore } from '../store/engine-store.js';

type ImportMethods = Pick<DesktopHandlers, 'events.import' | 'events.importFile'>;

interface StoredRequest {
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  body: Buffer;
}

/** Events pushed to the UI per imported file at most; the rest arrive as the list reloads. */
const MAX_PUSHED = 1000;

export function importHandlers(deps: {
  store: EngineStore;
  events: DesktopEventBus;
  now: () => number;
}): ImportMethods {
  const { store } = deps;
  const endpointOf = (endpointId: string) => {
    const endpoint = store.endpoints.get(endpointId);
    if (!endpoint || endpoint.deleted) throw new DesktopApiError('not_found', `no endpoint ${endpointId}`);
    return endpoint;
  };
  const storeAll = (endpointId: string, source: string, requests: readonly StoredRequest[]): EventSummary[] => {
    const endpoint = endpointOf(endpointId);
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
          body: request.body,
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
    for (const event of events.slice(0, MAX_PUSHED)) deps.events.emit('onEvent', { event });
    return events;
  };
  return {
    'events.import': async ({ endpointId, source, requests }) => ({
      events: storeAll(
        endpointId,
        source,
        requests.map((r) => ({ ...r, body: Buffer.from(r.body ?? '', 'base64') })),
      ),
    }),
    'events.importFile': async ({ endpointId, text }) => {
      endpointOf(endpointId);
      let parsed: ReturnType<typeof parseImport>;
      try {
        parsed = parseImport(text);
      } catch (err) {
        if (err instanceof ImportError) throw new DesktopApiError('invalid_params', err.message);
        throw err;
      }
      const requests = parsed.requests.map((r: ImportedRequest) => ({ ...r, body: Buffer.from(r.body) }));
      return { format: parsed.format, imported: storeAll(endpointId, parsed.format, requests).length };
    },
  };
}
