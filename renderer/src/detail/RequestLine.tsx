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
      {event.outcome === 'rejected' ? (
        <p className="error">Rejected at the relay{event.rejectReason ? `: ${event.rejectReason}` : ''}</p>
      ) : null}
    </header>
  );
}
