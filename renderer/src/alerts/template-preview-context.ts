// What the body template preview renders against: the rule being edited, an alert as it
// would fire now, and the chosen event (or none, like a silence alert).
import type { AlertTemplateContext, AlertTemplateEvent } from '../../../protocol/alerts/alert-template.js';
import type { EventDetail } from '../../../protocol/desktop-api.js';
import { base64ToBytes } from '../bytes/base64.js';

export function templateEvent(event: EventDetail): AlertTemplateEvent {
  return {
    id: event.id,
    endpoint: event.endpointName,
    method: event.method,
    path: event.path,
    query: event.query,
    status: event.lastStatus,
    receivedAt: event.receivedAt,
    headers: event.headers,
    body: base64ToBytes(event.body),
  };
}

export function previewContext(
  rule: { id: string | null; name: string },
  reason: string,
  event: EventDetail | null,
  now: Date,
): AlertTemplateContext {
  return {
    rule: { id: rule.id ?? 'alr_preview', name: rule.name || 'New rule' },
    alert: { id: 'alt_preview', reason, firedAt: now.toISOString(), suppressed: 0 },
    event: event ? templateEvent(event) : null,
  };
}
