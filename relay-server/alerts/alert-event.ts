// A stored event as the alert rules see it: the filter language's FilterableEvent (no local
// status at the relay; verified and valid from the door's findings) and the template's event.
import type { AlertTemplateEvent } from '../../protocol/alerts/alert-template.js';
import type { FilterableEvent } from '../../protocol/filter/filterable-event.js';
import type { NewEventRecord } from '../store/relay-store.js';

export function filterableEvent(e: NewEventRecord): FilterableEvent {
  return {
    method: e.method,
    path: e.path,
    query: e.query,
    headers: e.headers,
    body: e.body,
    status: null,
    verified: e.findings?.signature?.ok ?? null,
    valid: e.findings?.schema?.ok ?? null,
    endpoint: e.endpointName,
    receivedAt: e.receivedAt,
    size: e.body.byteLength,
    replayed: false,
  };
}

export function templateEvent(e: NewEventRecord): AlertTemplateEvent {
  return {
    id: e.id,
    endpoint: e.endpointName,
    method: e.method,
    path: e.path,
    query: e.query,
    status: null,
    receivedAt: new Date(e.receivedAt).toISOString(),
    headers: e.headers,
    body: e.body,
  };
}

/** What "Send test alert" renders the rule's templates with. */
export function sampleEvent(endpointName: string, now: number): AlertTemplateEvent {
  const body = JSON.stringify({ id: 'evt_sample', type: 'porthole.sample', data: { object: { id: 'obj_sample' } } });
  return {
    id: 'evt_sample',
    endpoint: endpointName,
    method: 'POST',
    path: '/sample',
    query: '',
    status: null,
    receivedAt: new Date(now).toISOString(),
    headers: [['content-type', 'application/json']],
    body: new TextEncoder().encode(body),
  };
}
