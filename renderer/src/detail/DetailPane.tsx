// The opened event: request line, query, headers, body, local forwards, replays, and the
// actions on it (replay with edits, copy as curl, export).
import { useMemo, useState } from 'react';
import type { LocalEndpoint } from '../../../protocol/desktop-api.js';
import { base64ToBytes } from '../bytes/base64.js';
import { CurlPanel } from '../export/CurlPanel.js';
import { ReplayPanel } from '../replay/ReplayPanel.js';
import { AttemptList } from './AttemptList.js';
import { BodyView } from './BodyView.js';
import { DoorFindingsView } from './DoorFindingsView.js';
import { HeadersTable } from './HeadersTable.js';
import { PairsTable } from './PairsTable.js';
import { PinButton } from './PinButton.js';
import { ReplaysList } from './ReplaysList.js';
import { RequestLine } from './RequestLine.js';
import { useEventDetail } from './use-event-detail.js';

interface DetailPaneProps {
  eventId: string | null;
  endpoints: readonly LocalEndpoint[];
  onOpen(id: string): void;
  onExport(ids: string[]): void;
  /** The export format chosen in the toolbar, as its label. */
  exportLabel: string;
}

type Tool = 'replay' | 'curl' | null;

export function DetailPane({ eventId, endpoints, onOpen, onExport, exportLabel }: DetailPaneProps) {
  const { detail, error } = useEventDetail(eventId);
  const [tool, setTool] = useState<{ id: string | null; tool: Tool }>({ id: null, tool: null });
  const openTool = tool.id === detail?.id ? tool.tool : null;
  // Decoded once per event, not on every attempt or status update.
  const body = detail?.body;
  const rawQuery = detail?.query;
  const bytes = useMemo(() => (body ? base64ToBytes(body) : new Uint8Array()), [body]);
  const query = useMemo(() => (rawQuery ? [...new URLSearchParams(rawQuery)] : []), [rawQuery]);
  const endpointUrl = endpoints.find((e) => e.id === detail?.endpointId)?.url ?? null;

  if (eventId === null) {
    return (
      <section className="detail-pane empty" data-testid="detail-pane">
        <p className="muted">Select an event to see it here. Keys: j/k or ↑/↓ to move, Enter to open, / to filter.</p>
      </section>
    );
  }
  if (!detail) {
    return (
      <section className="detail-pane" data-testid="detail-pane">
        {error ? <p className="error">{error}</p> : <p className="muted">Loading…</p>}
      </section>
    );
  }
  return (
    <section className="detail-pane" data-testid="detail-pane" data-event-id={detail.id} aria-label="Event detail">
      <RequestLine event={detail} />
      <DoorFindingsView findings={detail.findings} />
      <div className="row actions">
        <button
          type="button"
          data-testid="replay-open"
          aria-pressed={openTool === 'replay'}
          onClick={() => setTool({ id: detail.id, tool: openTool === 'replay' ? null : 'replay' })}
        >
          Edit and replay
        </button>
        <button
          type="button"
          data-testid="copy-curl"
          disabled={!endpointUrl}
          title={endpointUrl ? 'Copy as curl' : 'the endpoint has no URL'}
          onClick={() => setTool({ id: detail.id, tool: 'curl' })}
        >
          Copy as curl
        </button>
        <button type="button" data-testid="export-event-json" onClick={() => onExport([detail.id])}>
          Export {exportLabel}
        </button>
        <PinButton event={detail} />
      </div>
      {openTool === 'curl' && endpointUrl ? (
        <CurlPanel event={detail} endpointUrl={endpointUrl} onClose={() => setTool({ id: null, tool: null })} />
      ) : null}
      {openTool === 'replay' ? (
        <ReplayPanel
          key={detail.id}
          event={detail}
          onClose={() => setTool({ id: null, tool: null })}
          onOpenEvent={onOpen}
        />
      ) : null}
      {query.length > 0 ? <PairsTable pairs={query} title="Query" testId="detail-query" /> : null}
      <HeadersTable headers={detail.headers} title="Headers" testId="detail-headers" />
      <BodyView bytes={bytes} contentType={detail.contentType} />
      <AttemptList attempts={detail.attempts} />
      <ReplaysList replays={detail.replays} onOpen={onOpen} />
    </section>
  );
}
