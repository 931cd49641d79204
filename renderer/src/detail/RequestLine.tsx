// The request as it arrived: method, path and query, and where and when it came from.
import type { EventDetail } from '../../../protocol/desktop-api.js';
import { formatReceived, formatSize, pathWithQuery } from '../events/format.js';

export function RequestLine({ event }: { event: EventDetail }) {
  return (
    <header className="request-line">
      <h2 data-testid="detail-request-line">
        <span className={`method method-${event.method.toLowerCase()}`}>{event.method}</span>{' '}
        <span className="target">{pathWithQuery(event)}</span>
      </h2>
      <p className="muted meta">
        {event.endpointName} · {formatReceived(event.receivedAt)} · from {event.sourceIp} · {formatSize(event.bodySize)}
        {event.replayOf ? ` · replay (depth ${event.replayDepth})` : ''}
      </p>
      {(event.repeats ?? 0) > 0 ? (
        <p className="muted meta" data-testid="detail-repeats">
          Redelivered {event.repeats} more time{event.repeats === 1 ? '' : 's'} by the sender (same idempotency key;
          stored once)
          {event.lastRepeatAt ? `, last at ${formatReceived(event.lastRepeatAt)}` : ''}
        </p>
      ) : null}
      {event.outcome === 'rejected' ? (
        <p className="error" data-testid="detail-rejected">
          Rejected at the relay
          {event.rejectReason ? `: ${REJECT_REASONS[event.rejectReason] ?? event.rejectReason}` : ''}
        </p>
      ) : null}
    </header>
  );
}

/** What the sender was told, by the relay's refusal code. */
const REJECT_REASONS: Record<string, string> = {
  endpoint_disabled: 'the endpoint is disabled (403)',
  signature_invalid: 'the signature could not be verified (401)',
  schema_invalid: 'the body does not match the payload schema (422)',
  filter_mismatch: "it does not match the endpoint's filter (422)",
  filtered: "it does not match the endpoint's filter; answered as accepted, kept, not forwarded",
};
