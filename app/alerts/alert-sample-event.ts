// The event a test alert carries when none is chosen: plausible fields for every placeholder.
import type { AlertTemplateEvent } from '../../protocol/alerts/alert-template.js';

export function sampleAlertEvent(endpoint: string, now: number): AlertTemplateEvent {
  const body = {
    type: 'sample.event',
    data: { id: 'obj_sample', amount: 4200, note: 'a test alert from Porthole' },
  };
  return {
    id: 'evt_sample',
    endpoint,
    method: 'POST',
    path: '/',
    query: '',
    status: 500,
    receivedAt: new Date(now).toISOString(),
    headers: [['content-type', 'application/json']],
    body: new TextEncoder().encode(JSON.stringify(body)),
  };
}
