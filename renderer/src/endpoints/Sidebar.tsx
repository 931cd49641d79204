// The sidebar: every endpoint (or all of them at once), the selected one's settings, and
// the relay connection at the bottom.
import type { ReactNode } from 'react';
import type { RelayStatus } from '../../../protocol/desktop-api.js';
import { CreateEndpointForm } from './CreateEndpointForm.js';
import { EndpointItem } from './EndpointItem.js';
import { EndpointPanel } from './EndpointPanel.js';
import type { EndpointsState } from './use-endpoints.js';

interface SidebarProps {
  endpoints: EndpointsState;
  selected: string;
  onSelect(id: string): void;
  relay: RelayStatus | null;
  relayPageOpen: boolean;
  onToggleRelayPage(): void;
  rulesPageOpen: boolean;
  onToggleRulesPage(): void;
  onOpenSettings(id: string): void;
  /** Shown under the endpoints: the saved filters. */
  children?: ReactNode;
}

export function Sidebar({
  endpoints,
  selected,
  onSelect,
  relay,
  relayPageOpen,
  onToggleRelayPage,
  rulesPageOpen,
  onToggleRulesPage,
  onOpenSettings,
  children,
}: SidebarProps) {
  const current = endpoints.endpoints.find((e) => e.id === selected);
  const total = endpoints.endpoints.reduce((n, e) => n + e.eventCount, 0);
  return (
    <aside className="sidebar">
      <header className="brand">
        <span className="logo" aria-hidden="true" />
        Porthole
      </header>
      <nav aria-label="Endpoints">
        <ul className="endpoint-list">
          <li className={`endpoint-item all${selected === 'all' ? ' selected' : ''}`}>
            <button
              type="button"
              className="endpoint-select"
              aria-current={selected === 'all' ? 'true' : undefined}
              data-testid="all-endpoints"
              onClick={() => onSelect('all')}
            >
              <span className="endpoint-name">All endpoints</span>
              <span className="count">{total}</span>
            </button>
          </li>
          {endpoints.endpoints.map((e) => (
            <EndpointItem
              key={e.id}
              endpoint={e}
              selected={e.id === selected}
              unread={endpoints.unread.get(e.id) ?? 0}
              onSelect={onSelect}
            />
          ))}
        </ul>
        <CreateEndpointForm
          onCreated={(created) => {
            void endpoints.reload();
            onSelect(created.id);
          }}
        />
        {endpoints.error ? <p className="error">{endpoints.error}</p> : null}
      </nav>
      {children}
      {current ? (
        <EndpointPanel
          key={current.id}
          endpoint={current}
          onChanged={endpoints.replace}
          onOpenSettings={() => onOpenSettings(current.id)}
          onDeleted={() => {
            void endpoints.reload();
            onSelect('all');
          }}
        />
      ) : null}
      <footer className="relay-footer">
        <button
          type="button"
          className={`relay-link${rulesPageOpen ? ' active' : ''}`}
          data-testid="rules-page-open"
          title="Alert rules: notifications and webhooks when something goes wrong"
          onClick={onToggleRulesPage}
        >
          Rules
        </button>
        <button
          type="button"
          className={`relay-link${relayPageOpen ? ' active' : ''}`}
          data-testid="relay-page-open"
          onClick={onToggleRelayPage}
        >
          <span className={`dot relay-${relay?.state ?? 'connecting'}`} />
          Relay: {relay ? relayLabel(relay) : '…'}
        </button>
      </footer>
    </aside>
  );
}

export function relayLabel(relay: RelayStatus): string {
  const where = relay.embedded ? 'embedded' : relay.relayUrl ? new URL(relay.relayUrl).host : '';
  return where ? `${relay.state} (${where})` : relay.state;
}
