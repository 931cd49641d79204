// The copy-as-curl command, shown (selectable) as well as copied to the clipboard.
import { useEffect, useMemo, useState } from 'react';
import type { EventDetail } from '../../../protocol/desktop-api.js';
import { toCurl } from '../../../protocol/export/curl-command.js';
import { copyText } from '../app/clipboard.js';
import { base64ToBytes } from '../bytes/base64.js';

export function eventUrl(endpointUrl: string, event: Pick<EventDetail, 'path' | 'query'>): string {
  return `${endpointUrl}${event.path}${event.query ? `?${event.query}` : ''}`;
}

export function CurlPanel({
  event,
  endpointUrl,
  onClose,
}: {
  event: EventDetail;
  endpointUrl: string;
  onClose(): void;
}) {
  const command = useMemo(
    () =>
      toCurl({
        method: event.method,
        url: eventUrl(endpointUrl, event),
        headers: event.headers,
        body: base64ToBytes(event.body),
      }),
    [event, endpointUrl],
  );
  const [copied, setCopied] = useState<boolean | null>(null);
  useEffect(() => {
    void copyText(command).then(setCopied);
  }, [command]);
  return (
    <section className="curl-panel" aria-label="curl command">
      <header className="panel-header">
        <h3>curl</h3>
        <span className="muted">
          {copied === null ? '' : copied ? 'copied to the clipboard' : 'select and copy it below'}
        </span>
        <button type="button" className="small" onClick={onClose}>
          Close
        </button>
      </header>
      <textarea
        readOnly
        data-testid="curl-text"
        className="curl-text"
        spellCheck={false}
        rows={Math.min(14, command.split('\n').length + 1)}
        value={command}
        onFocus={(e) => e.currentTarget.select()}
      />
    </section>
  );
}
