// The window: sidebar (endpoints, relay), and either the events view (filter, list,
// detail) or the relay page. `data-ready` tells tests and the benchmark when the first
// list is on screen.

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { EventQuery, EventSummary } from '../../../protocol/desktop-api.js';
import { EXPORT_FORMAT_INFO } from '../../../protocol/export/export-format.js';
import { AlertToasts } from '../alerts/AlertToasts.js';
import { RulesPage } from '../alerts/RulesPage.js';
import { useApi } from '../api/api-context.js';
import { DetailPane } from '../detail/DetailPane.js';
import { DoorPage } from '../endpoints/door/DoorPage.js';
import { Sidebar } from '../endpoints/Sidebar.js';
import { useEndpoints } from '../endpoints/use-endpoints.js';
import { EventList } from '../events/EventList.js';
import { useEventWindow } from '../events/use-event-window.js';
import { ExportControls } from '../export/ExportControls.js';
import { ImportButton } from '../export/ImportButton.js';
import { useEventExport } from '../export/use-event-export.js';
import { FilterBox } from '../filter/FilterBox.js';
import { FilterPanel } from '../filter/FilterPanel.js';
import { SavedFiltersSection } from '../filter/saved/SavedFiltersSection.js';
import { SaveFilterForm } from '../filter/saved/SaveFilterForm.js';
import { useSavedFilters } from '../filter/saved/use-saved-filters.js';
import { useFilterBox } from '../filter/use-filter-box.js';
import { preloadMonaco } from '../monaco/load-monaco.js';
import { RelayPage } from '../relay/RelayPage.js';
import { BulkReplayPanel } from '../replay/BulkReplayPanel.js';
import { useColorScheme } from '../theme/use-color-scheme.js';
import { useAppStatus } from './use-app-status.js';

export function App() {
  const api = useApi();
  useColorScheme();
  const status = useAppStatus();
  // null until the endpoints are known; then the first endpoint, or all of them.
  const [selected, setSelected] = useState<string | null>(null);
  const endpoints = useEndpoints(selected ?? 'all');
  const filter = useFilterBox();
  const savedFilters = useSavedFilters();
  const [builderOpen, setBuilderOpen] = useState(false);
  const [page, setPage] = useState<'events' | 'relay' | 'door' | 'rules'>('events');
  const [openId, setOpenId] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);

  useEffect(() => {
    if (!endpoints.loaded) return;
    const list = endpoints.endpoints;
    if (selected === null) setSelected(list[0]?.id ?? 'all');
    else if (selected !== 'all' && !list.some((e) => e.id === selected)) setSelected('all');
  }, [endpoints.loaded, endpoints.endpoints, selected]);

  const query: EventQuery = useMemo(
    () => ({ ...filter.query, ...(selected && selected !== 'all' ? { endpointId: selected } : {}) }),
    [filter.query, selected],
  );
  const list = useEventWindow(api, query, `${selected}|${filter.queryKey}`, selected !== null);
  const ready = status.app !== null && endpoints.loaded && list.ready;

  useEffect(() => {
    if (ready) preloadMonaco();
  }, [ready]);

  const toggleChecked = useCallback((event: EventSummary) => {
    setChecked((s) => {
      const next = new Set(s);
      if (!next.delete(event.id)) next.add(event.id);
      return next;
    });
  }, []);

  // An alert's event (from a notification, a toast or the log), shown in the events view.
  const openEvent = useCallback((id: string) => {
    setOpenId(id);
    setPage('events');
  }, []);
  // The desktop shell asks for it when its notification for an alert is clicked.
  useEffect(() => api.on('onOpenEvent', ({ eventId }) => openEvent(eventId)), [api, openEvent]);

  const exporter = useEventExport(api, endpoints.endpoints);
  const exportError = exporter.error;
  const doorEndpoint = endpoints.endpoints.find((e) => e.id === selected);
  const selectedName =
    selected === 'all' ? 'any endpoint' : (endpoints.endpoints.find((e) => e.id === selected)?.name ?? '');

  return (
    <div className="app" data-testid="app" data-ready={ready ? 'true' : 'false'}>
      <Sidebar
        endpoints={endpoints}
        selected={selected ?? 'all'}
        onSelect={(id) => {
          setSelected(id);
          setPage('events');
        }}
        relay={status.relay}
        relayPageOpen={page === 'relay'}
        onToggleRelayPage={() => setPage(page === 'relay' ? 'events' : 'relay')}
        rulesPageOpen={page === 'rules'}
        onToggleRulesPage={() => setPage(page === 'rules' ? 'events' : 'rules')}
        onOpenSettings={(id) => {
          setSelected(id);
          setPage('door');
        }}
      >
        <SavedFiltersSection
          saved={savedFilters}
          current={filter.parsed.ok ? (filter.parsed.query.filter ?? '') : ''}
          onApply={(text) => {
            filter.setText(text);
            setPage('events');
          }}
        />
      </Sidebar>
      {page === 'door' && doorEndpoint ? (
        <main className="main">
          <DoorPage
            key={doorEndpoint.id}
            endpoint={doorEndpoint}
            onChanged={endpoints.replace}
            onClose={() => setPage('events')}
          />
        </main>
      ) : page === 'rules' ? (
        <main className="main">
          <RulesPage endpoints={endpoints.endpoints} onOpenEvent={openEvent} onClose={() => setPage('events')} />
        </main>
      ) : page === 'relay' ? (
        <main className="main">
          <RelayPage
            relay={status.relay}
            secrets={status.app?.secrets ?? null}
            version={status.app?.version ?? null}
            dataDir={status.app?.dataDir ?? null}
            onStatus={status.setRelay}
            onClose={() => setPage('events')}
          />
        </main>
      ) : (
        <main className="main events-view">
          <div className="toolbar">
            <FilterBox filter={filter} />
            <button
              type="button"
              data-testid="filter-builder-open"
              aria-pressed={builderOpen}
              title="Build the filter from conditions, and test it against a sample"
              onClick={() => setBuilderOpen(!builderOpen)}
            >
              Builder
            </button>
            <SaveFilterForm
              saved={savedFilters}
              filter={filter.parsed.ok ? (filter.parsed.query.filter ?? null) : null}
            />
            <span className="event-count">
              <span data-testid="event-count">{list.window?.total ?? 0}</span>{' '}
              {(list.window?.total ?? 0) === 1 ? 'event' : 'events'}
            </span>
            <ImportButton endpointId={selected && selected !== 'all' ? selected : null} />
            <ExportControls
              exporter={exporter}
              checkedCount={checked.size}
              total={list.window?.total ?? 0}
              onExport={() => (checked.size > 0 ? exporter.exportEvents([...checked]) : exporter.exportQuery(query))}
            />
            <button
              type="button"
              data-testid="bulk-open"
              aria-pressed={bulkOpen}
              disabled={(list.window?.total ?? 0) === 0 && checked.size === 0}
              title="Replay the checked events, or every event the filter matches"
              onClick={() => setBulkOpen(!bulkOpen)}
            >
              Replay{checked.size > 0 ? ` (${checked.size})` : ' all'}…
            </button>
            {checked.size > 0 ? (
              <button type="button" className="small link" onClick={() => setChecked(new Set())}>
                Clear
              </button>
            ) : null}
          </div>
          {status.error || list.window?.error || exportError ? (
            <p className="error banner" role="alert">
              {status.error ?? list.window?.error ?? exportError}
            </p>
          ) : null}
          {builderOpen ? <FilterPanel filter={filter} matching={list.window?.total ?? 0} /> : null}
          {bulkOpen ? (
            <BulkReplayPanel
              query={query}
              matching={list.window?.total ?? 0}
              checkedIds={[...checked]}
              onClose={() => setBulkOpen(false)}
            />
          ) : null}
          <div className="split">
            <EventList
              state={list}
              openId={openId}
              onOpen={setOpenId}
              checked={checked}
              onToggleChecked={toggleChecked}
              emptyText={
                filter.text.trim()
                  ? 'No event matches this filter.'
                  : `No events yet. Send a webhook to ${selectedName === 'any endpoint' ? 'an endpoint' : `“${selectedName}”`}’s URL.`
              }
            />
            <DetailPane
              eventId={openId}
              endpoints={endpoints.endpoints}
              onOpen={setOpenId}
              onExport={exporter.exportEvents}
              exportLabel={EXPORT_FORMAT_INFO[exporter.format].label}
            />
          </div>
        </main>
      )}
      <AlertToasts onOpenEvent={openEvent} />
    </div>
  );
}
