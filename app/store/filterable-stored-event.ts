// A stored event as the filter evaluator sees it (protocol/filter/filterable-event.ts).
import type { FilterableEvent } from '../../protocol/filter/filterable-event.js';
import type { StoredEvent } from './event-records.js';

export function toFilterableEvent(e: StoredEvent): FilterableEvent {
  return {
    method: e.method,
    path: e.path,
    query: e.query,
    headers: e.headers,
    body: e.body,
    status: e.lastStatus,
    verified: e.findings?.signature?.ok ?? null,
    valid: e.findings?.schema?.ok ?? null,
    endpoint: e.endpointName,
    receivedAt: e.receivedAt,
    size: e.body.length,
    replayed: e.replayOf !== null,
  };
}
