// One endpoint in the sidebar: name, state, counts, and its permanent URL to copy.
import type { LocalEndpoint } from '../../../protocol/desktop-api.js';
import { CopyButton } from '../app/CopyButton.js';

interface EndpointItemProps {
  endpoint: LocalEndpoint;
  selected: boolean;
  unread: number;
  onSelect(id: string): void;
}

export function EndpointItem({ endpoint, selected, unread, onSelect }: EndpointItemProps) {
  return (
    <li
      className={`endpoint-item${selected ? ' selected' : ''}${endpoint.enabled ? '' : ' disabled'}`}
      data-testid="endpoint-item"
      data-endpoint-id={endpoint.id}
    >
      <button
        type="button"
        className="endpoint-select"
        aria-current={selected ? 'true' : undefined}
        onClick={() => onSelect(endpoint.id)}
      >
        <span
          className={`dot ${endpoint.enabled ? 'on' : 'off'}`}
          title={endpoint.enabled ? 'enabled' : 'disabled: the relay answers 403'}
        />
        <span className="endpoint-name">{endpoint.name}</span>
        {unread > 0 ? (
          <span className="badge" data-testid="unread-badge" title={`${unread} new`}>
            {unread}
          </span>
        ) : null}
        <span className="count" title="events stored">
          {endpoint.eventCount}
        </span>
      </button>
      <div className="endpoint-url-row">
        {endpoint.url ? (
          <>
            <code data-testid="endpoint-url" title={endpoint.url}>
              {endpoint.url}
            </code>
            <CopyButton text={endpoint.url} testId="copy-url" />
          </>
        ) : (
          <span className="muted">{endpoint.syncError ?? 'waiting for the relay to give it a URL'}</span>
        )}
      </div>
    </li>
  );
}
