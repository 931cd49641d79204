// Where an endpoint's events are forwarded: local URLs, added and removed here, each with
// the filter that routes events to it.
import { useCallback, useEffect, useState } from 'react';
import type { Target } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';
import { TargetRoute } from './TargetRoute.js';

export function TargetsPanel({ endpointId }: { endpointId: string }) {
  const api = useApi();
  const [targets, setTargets] = useState<Target[]>([]);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setTargets((await api.invoke('targets.list', { endpointId })).targets);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [api, endpointId]);

  useEffect(() => {
    setTargets([]);
    setError(null);
    void load();
  }, [load]);

  const add = async () => {
    try {
      await api.invoke('targets.create', { endpointId, url: url.trim() });
      setUrl('');
      setError(null);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const remove = async (id: string) => {
    try {
      await api.invoke('targets.delete', { id });
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="targets" aria-label="Forward targets">
      <h3>Forward to</h3>
      {targets.length === 0 ? <p className="muted">No local target: events are stored, not forwarded.</p> : null}
      <ul>
        {targets.map((t) => (
          <li key={t.id} data-testid="target-item" className={t.enabled ? '' : 'disabled'}>
            <code title={t.url}>{t.url}</code>
            <button type="button" className="small" aria-label={`Remove ${t.url}`} onClick={() => remove(t.id)}>
              Remove
            </button>
            <TargetRoute target={t} onSaved={() => void load()} />
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          data-testid="target-url-input"
          aria-label="Target URL"
          placeholder="http://localhost:3000/webhooks"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <button type="submit" data-testid="add-target" disabled={url.trim() === ''}>
          Add
        </button>
      </form>
      {error ? <p className="error">{error}</p> : null}
    </section>
  );
}
