// Header lines as received: case, order and duplicates kept; copyable as text.
import type { HeaderPair } from '../../../protocol/event.js';
import { CopyButton } from '../app/CopyButton.js';
import { KeyValueRows } from './KeyValueRows.js';

export function headersAsText(headers: readonly HeaderPair[]): string {
  return headers.map(([name, value]) => `${name}: ${value}`).join('\n');
}

export function HeadersTable({
  headers,
  testId,
  title,
}: {
  headers: readonly HeaderPair[];
  testId?: string;
  title: string;
}) {
  return (
    <section className="kv-section" data-testid={testId}>
      <h3>
        {title} <span className="muted">({headers.length})</span>
        <CopyButton text={headersAsText(headers)} label="Copy" testId={testId ? `${testId}-copy` : undefined} />
      </h3>
      <KeyValueRows pairs={headers} />
    </section>
  );
}
