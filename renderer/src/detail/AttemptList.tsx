// Each forward to a local target and what the target answered: status, headers, body,
// duration, or the error that stopped it.
import { useMemo, useState } from 'react';
import type { ForwardAttempt } from '../../../protocol/desktop-api.js';
import { base64ToBytes } from '../bytes/base64.js';
import { formatReceived, formatSize } from '../events/format.js';
import { formatBody } from './body-format.js';
import { HeadersTable } from './HeadersTable.js';

export function AttemptList({ attempts }: { attempts: readonly ForwardAttempt[] }) {
  return (
    <section className="attempts" aria-label="Forward attempts">
      <h3>
        Local forwards <span className="muted">({attempts.length})</span>
      </h3>
      {attempts.length === 0 ? <p className="muted">Not forwarded: the endpoint has no target that takes it.</p> : null}
      <ul>
        {attempts.map((a) => (
          <AttemptItem key={a.id} attempt={a} />
        ))}
      </ul>
    </section>
  );
}

export function attemptStatus(a: ForwardAttempt): string {
  return a.status !== null ? String(a.status) : 'error';
}

export function AttemptItem({ attempt }: { attempt: ForwardAttempt }) {
  const [open, setOpen] = useState(false);
  const tone = attempt.error
    ? 'error'
    : attempt.status !== null && attempt.status < 300
      ? 'ok'
      : attempt.status !== null && attempt.status < 500
        ? 'warn'
        : 'error';
  return (
    <li className="attempt" data-testid="attempt-item" data-status={attemptStatus(attempt)}>
      <button type="button" className="attempt-summary" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className={`status tone-${tone}`}>{attempt.status ?? attempt.error?.kind ?? 'error'}</span>
        <code className="attempt-url">{attempt.url}</code>
        <span className="muted">{Math.round(attempt.durationMs)} ms</span>
        <span className="muted">{formatReceived(attempt.startedAt)}</span>
      </button>
      {attempt.error ? <p className="error">{attempt.error.message}</p> : null}
      {open ? <AttemptResponse attempt={attempt} /> : null}
    </li>
  );
}

function AttemptResponse({ attempt }: { attempt: ForwardAttempt }) {
  const body = useMemo(() => {
    const bytes = base64ToBytes(attempt.responseBody);
    const contentType = attempt.responseHeaders.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? null;
    return { ...formatBody(bytes, contentType), kept: bytes.length };
  }, [attempt]);
  return (
    <div className="attempt-response">
      <HeadersTable headers={attempt.responseHeaders} title="Response headers" />
      <h4>
        Response body <span className="muted">{formatSize(attempt.responseBodySize)}</span>
        {attempt.responseTruncated ? <span className="muted"> (first {formatSize(body.kept)} kept)</span> : null}
      </h4>
      {body.kind === 'empty' ? <p className="muted">Empty.</p> : <pre className="response-body">{body.pretty}</pre>}
    </div>
  );
}
