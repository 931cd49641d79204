// Replay many events at once: the checked ones, or every event the current filter matches.
// The engine runs the job (oldest first, a concurrency cap, an optional start rate) and
// pushes its progress; this panel starts it, shows where it stands, and cancels it.
import { useEffect, useState } from 'react';
import type { BulkReplayProgress, EventQuery } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

interface BulkReplayPanelProps {
  query: EventQuery;
  matching: number;
  checkedIds: readonly string[];
  onClose(): void;
}

export function BulkReplayPanel({ query, matching, checkedIds, onClose }: BulkReplayPanelProps) {
  const api = useApi();
  const [destination, setDestination] = useState<'targets' | 'url'>('targets');
  const [url, setUrl] = useState('http://localhost:3000/webhooks');
  const [concurrency, setConcurrency] = useState(4);
  const [rate, setRate] = useState('');
  const [progress, setProgress] = useState<BulkReplayProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const jobId = progress?.jobId ?? null;

  useEffect(() => {
    if (!jobId) return;
    let current = true;
    const off = api.on('onBulkReplay', ({ progress: p }) => {
      if (p.jobId === jobId) setProgress(p);
    });
    // A short job can finish before this subscription exists: read where it stands once now.
    api.invoke('replay.bulk.status', { jobId }).then(
      (p) => current && setProgress((shown) => (shown && shown.state !== 'running' ? shown : p)),
      () => {},
    );
    return () => {
      current = false;
      off();
    };
  }, [api, jobId]);

  const count = checkedIds.length > 0 ? checkedIds.length : matching;
  const rateValue = rate.trim() === '' ? undefined : Number(rate);
  const rateError = rateValue !== undefined && !(rateValue > 0 && rateValue <= 1000) ? 'a rate from 0.1 to 1000' : null;
  const urlError = destination === 'url' && !/^https?:\/\/./.test(url) ? 'an http:// or https:// URL' : null;
  const running = progress?.state === 'running';

  const start = async () => {
    setError(null);
    try {
      const started = await api.invoke('replay.bulk.start', {
        ...(checkedIds.length > 0 ? { ids: [...checkedIds] } : { query }),
        ...(destination === 'url' ? { to: { url } } : {}),
        concurrency,
        ...(rateValue !== undefined ? { ratePerSecond: rateValue } : {}),
      });
      setProgress(started);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const cancel = async () => {
    if (!jobId) return;
    try {
      setProgress(await api.invoke('replay.bulk.cancel', { jobId }));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="bulk-replay" data-testid="bulk-replay" aria-label="Replay many events">
      <header className="row">
        <h3>
          Replay {count} {checkedIds.length > 0 ? 'checked' : 'matching'} event{count === 1 ? '' : 's'}
        </h3>
        <button type="button" className="small" data-testid="bulk-close" onClick={onClose} disabled={running}>
          Close
        </button>
      </header>
      {progress === null ? (
        <div className="bulk-options">
          <label>
            To{' '}
            <select
              data-testid="bulk-destination"
              value={destination}
              onChange={(e) => setDestination(e.target.value as 'targets' | 'url')}
            >
              <option value="targets">each endpoint's local targets</option>
              <option value="url">one URL</option>
            </select>
          </label>
          {destination === 'url' ? (
            <input
              data-testid="bulk-url"
              aria-label="Replay to URL"
              aria-invalid={urlError !== null}
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              spellCheck={false}
            />
          ) : null}
          <label>
            At once{' '}
            <input
              type="number"
              data-testid="bulk-concurrency"
              min={1}
              max={16}
              value={concurrency}
              onChange={(e) => setConcurrency(Math.min(16, Math.max(1, Number(e.target.value) || 1)))}
            />
          </label>
          <label>
            Per second{' '}
            <input
              data-testid="bulk-rate"
              placeholder="no limit"
              aria-invalid={rateError !== null}
              value={rate}
              onChange={(e) => setRate(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="primary"
            data-testid="bulk-start"
            disabled={count === 0 || rateError !== null || urlError !== null}
            onClick={start}
          >
            Replay {count}
          </button>
          {rateError || urlError ? <p className="error">Expected {rateError ?? urlError}.</p> : null}
        </div>
      ) : (
        <BulkProgress progress={progress} onCancel={cancel} />
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function BulkProgress({ progress: p, onCancel }: { progress: BulkReplayProgress; onCancel(): void }) {
  const done = p.sent + (p.statuses['refused'] ?? 0);
  const statuses = Object.entries(p.statuses).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="bulk-progress" data-testid="bulk-progress" data-state={p.state}>
      <progress max={p.total} value={done} />
      <p>
        <span data-testid="bulk-sent">{p.sent}</span> of {p.total} sent · {p.succeeded} answered 2xx · {p.failed} failed
        {p.state === 'running' ? '' : ` · ${p.state}`}
        {p.state === 'running' ? (
          <button type="button" className="small" data-testid="bulk-cancel" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </p>
      {statuses.length > 0 ? (
        <p className="muted" data-testid="bulk-statuses">
          Local answers: {statuses.map(([status, n]) => `${status} × ${n}`).join(', ')}
        </p>
      ) : null}
      {p.idempotencyKeys > 0 ? (
        <p className="muted" data-testid="bulk-idempotency">
          {p.idempotencyKeys} replay{p.idempotencyKeys === 1 ? '' : 's'} carried the provider's idempotency key
          (webhook-id, X-GitHub-Delivery, Stripe's event id…): a handler that dedupes will treat them as repeats.
        </p>
      ) : null}
      {p.errors.length > 0 ? (
        <ul className="bulk-errors">
          {p.errors.slice(0, 5).map((e) => (
            <li key={`${e.eventId}:${e.message}`}>
              <code>{e.eventId}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
