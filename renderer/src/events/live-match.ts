// Whether a new or updated event could belong to the list's query, judged locally so a
// burst of events for other endpoints or methods costs no query. Text search cannot be
// judged here, so it always answers maybe.
import type { EventQuery, EventSummary } from '../../../protocol/desktop-api.js';

export function mightMatch(query: EventQuery, event: EventSummary): boolean {
  if (query.endpointId && event.endpointId !== query.endpointId) return false;
  if (query.method && event.method.toUpperCase() !== query.method.toUpperCase()) return false;
  if (query.pathPrefix && !event.path.startsWith(query.pathPrefix)) return false;
  if (query.status) return statusMatches(query.status, event);
  return true;
}

function statusMatches(status: string, event: EventSummary): boolean {
  if (status === 'none') return event.lastStatus === null && event.lastError === null;
  if (status === 'error') return event.lastError !== null;
  if (event.lastStatus === null) return false;
  if (status.endsWith('xx')) return Math.floor(event.lastStatus / 100) === Number(status[0]);
  return event.lastStatus === Number(status);
}
