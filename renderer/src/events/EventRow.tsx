// One fixed-height row of the list; a placeholder while its page loads.
import type { CSSProperties } from 'react';
import type { EventSummary } from '../../../protocol/desktop-api.js';
import { formatReceived, formatSize, forwardResult, pathWithQuery } from './format.js';

export const ROW_HEIGHT = 28;

interface EventRowProps {
  event: EventSummary | undefined;
  index: number;
  top: number;
  selected: boolean;
  open: boolean;
  checked: boolean;
  onToggleChecked(event: EventSummary): void;
}

/** Clicks reach the list, which finds the row by `data-index` (one listener, not thousands). */
export function EventRow({ event, index, top, selected, open, checked, onToggleChecked }: EventRowProps) {
  const style: CSSProperties = { transform: `translateY(${top}px)`, height: ROW_HEIGHT };
  if (!event) {
    return <div className="event-row loading" style={style} data-testid="event-row-loading" aria-busy="true" />;
  }
  const result = forwardResult(event);
  return (
    <div
      className={`event-row${selected ? ' selected' : ''}${open ? ' open' : ''}`}
      style={style}
      data-testid="event-row"
      data-event-id={event.id}
      data-selected={selected ? 'true' : 'false'}
      data-index={index}
    >
      <span className="cell check">
        <input
          type="checkbox"
          aria-label="Select for export"
          checked={checked}
          onChange={() => onToggleChecked(event)}
          onClick={(e) => e.stopPropagation()}
        />
      </span>
      <span className={`cell method method-${event.method.toLowerCase()}`}>{event.method}</span>
      <span className="cell path" title={pathWithQuery(event)}>
        {event.pinned ? (
          <span className="pin-mark" data-testid="row-pinned" title="pinned: kept whatever the retention limits say">
            📌{' '}
          </span>
        ) : null}
        {event.replayOf ? <span className="replay-mark">replay </span> : null}
        {event.flagged && event.outcome !== 'rejected' ? (
          <span className="flag-mark" data-testid="row-flagged" title="a door check failed; kept, flagged">
            flagged{' '}
          </span>
        ) : null}
        {pathWithQuery(event)}
        {(event.repeats ?? 0) > 0 ? (
          <span className="repeat-mark" data-testid="row-repeats" title="redeliveries of this event, stored once">
            {' '}
            ×{(event.repeats ?? 0) + 1}
          </span>
        ) : null}
      </span>
      <span className="cell type" title={event.contentType ?? ''}>
        {event.contentType?.split(';')[0] ?? ''}
      </span>
      <span className="cell size">{formatSize(event.bodySize)}</span>
      <span
        className={`cell status tone-${result.tone}`}
        title={event.lastError ?? undefined}
        data-testid={event.outcome === 'rejected' ? 'row-rejected' : undefined}
      >
        {result.label}
      </span>
      <span className="cell time">{formatReceived(event.receivedAt)}</span>
    </div>
  );
}
