// The body in a read-only Monaco viewer: pretty (JSON, XML), raw text, or hex; forms also
// as a table. A plain-text copy of what is shown sits beside it for screen readers and tests.
import { useMemo, useState } from 'react';
import { CodeEditor } from '../monaco/CodeEditor.js';
import { type FormattedBody, formatBody, hexDump, MAX_HEX_BYTES } from './body-format.js';
import { PairsTable } from './PairsTable.js';

type Mode = 'pretty' | 'raw' | 'hex';

/** Re-indenting a huge body costs more than it helps; past this size it is shown raw. */
const MAX_PRETTY_BYTES = 4 * 1024 * 1024;
/** The hidden text copy is for reading, not for holding 25 MB in the DOM twice. */
const MAX_MIRROR_CHARS = 64 * 1024;

export function BodyView({ bytes, contentType }: { bytes: Uint8Array; contentType: string | null }) {
  const formatted: FormattedBody = useMemo(
    () =>
      bytes.length <= MAX_PRETTY_BYTES ? formatBody(bytes, contentType) : formatBody(bytes, 'application/octet-stream'),
    [bytes, contentType],
  );
  const modes: Mode[] =
    formatted.kind === 'binary'
      ? ['hex']
      : formatted.kind === 'json' || formatted.kind === 'xml'
        ? ['pretty', 'raw', 'hex']
        : ['raw', 'hex'];
  const [chosen, setChosen] = useState<Mode>('pretty');
  const mode = modes.includes(chosen) ? chosen : modes[0]!;

  const shown = useMemo(() => {
    if (mode === 'pretty') return formatted.pretty;
    if (mode === 'raw') return formatted.raw ?? '';
    return formatted.kind === 'binary' ? formatted.pretty : hexDump(bytes.subarray(0, MAX_HEX_BYTES));
  }, [mode, formatted, bytes]);
  const language = mode === 'pretty' ? formatted.language : 'plaintext';
  const cut = mode === 'hex' && bytes.length > MAX_HEX_BYTES;

  return (
    <section className="body-section">
      <h3>
        Body <span className="muted">{bodySummary(formatted, bytes.length)}</span>
        {formatted.kind !== 'empty' ? (
          <span className="segmented">
            {modes.map((m) => (
              <button
                key={m}
                type="button"
                className={m === mode ? 'active' : ''}
                aria-pressed={m === mode}
                data-testid={`body-mode-${m}`}
                onClick={() => setChosen(m)}
              >
                {m}
              </button>
            ))}
          </span>
        ) : null}
      </h3>
      {formatted.form ? <PairsTable pairs={formatted.form} title="Form fields" testId="detail-form" /> : null}
      {formatted.kind === 'empty' ? (
        <p className="muted" data-testid="detail-body">
          No body.
        </p>
      ) : (
        <CodeEditor
          value={shown}
          language={language}
          readOnly
          testId="detail-body"
          ariaLabel="Event body"
          className="code-editor body-viewer"
        />
      )}
      {cut ? <p className="muted">Showing the first {MAX_HEX_BYTES / 1024} KB in hex.</p> : null}
      <pre className="visually-hidden" data-testid="detail-body-text">
        {shown.length > MAX_MIRROR_CHARS ? `${shown.slice(0, MAX_MIRROR_CHARS)}…` : shown}
      </pre>
    </section>
  );
}

function bodySummary(body: FormattedBody, size: number): string {
  if (body.kind === 'empty') return '';
  return `${body.kind} · ${size.toLocaleString()} bytes`;
}
