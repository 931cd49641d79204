// Decoded name/value pairs: a query string or a form body.
import { KeyValueRows } from './KeyValueRows.js';

export function PairsTable({ pairs, title, testId }: { pairs: [string, string][]; title: string; testId?: string }) {
  return (
    <section className="kv-section" data-testid={testId}>
      <h3>{title}</h3>
      <KeyValueRows pairs={pairs} />
    </section>
  );
}
