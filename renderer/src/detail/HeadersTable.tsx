// Header lines as received: case, order and duplicates kept; copyable as text.
import type { HeaderPair } from '../../../protocol/event.js';
import { CopyButton } from '../app/CopyButton.js';

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
      <table className="kv">
        <tbody>
          {headers.map(([name, value], i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: header lines may repeat; their position is their identity.
            <tr key={i}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
