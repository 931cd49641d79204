// The selected endpoint's settings: rename, enable/disable, a new URL (confirmed first,
// since the old one stops working), delete, and its forward targets.
import { useState } from 'react';
import type { LocalEndpoint } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';
import { TargetsPanel } from './TargetsPanel.js';

interface EndpointPanelProps {
  endpoint: LocalEndpoint;
  onChanged(endpoint: LocalEndpoint): void;
  onDeleted(id: string): void;
  /** Opens the door settings (signature, schema, limits, response) in the main area. */
  onOpenSettings(): void;
}

type Confirming = 'regenerate' | 'delete' | null;

export function EndpointPanel({ endpoint, onChanged, onDeleted, onOpenSettings }: EndpointPanelProps) {
  const api = useApi();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  return (
    <section className="endpoint-panel" aria-label={`Endpoint ${endpoint.name}`}>
      {renaming === null ? (
        <h2>
          {endpoint.name}
          <button
            type="button"
            className="small link"
            data-testid="rename-endpoint"
            onClick={() => setRenaming(endpoint.name)}
          >
            Rename
          </button>
        </h2>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              onChanged(await api.invoke('endpoints.update', { id: endpoint.id, name: renaming.trim() }));
              setRenaming(null);
            });
          }}
        >
          <input
            aria-label="New name"
            data-testid="rename-input"
            maxLength={100}
            value={renaming}
            onChange={(e) => setRenaming(e.target.value)}
          />
          <button type="submit" disabled={busy || renaming.trim() === ''}>
            Save
          </button>
          <button type="button" onClick={() => setRenaming(null)}>
            Cancel
          </button>
        </form>
      )}
      {endpoint.syncState !== 'synced' ? (
        <p className={endpoint.syncState === 'pending' ? 'muted' : 'error'}>
          {endpoint.syncState === 'pending'
            ? 'Waiting to sync with the relay…'
            : (endpoint.syncError ?? endpoint.syncState)}
        </p>
      ) : null}
      <div className="row actions">
        <button type="button" data-testid="endpoint-settings-open" onClick={onOpenSettings}>
          Checks…
        </button>
        <button
          type="button"
          data-testid="toggle-endpoint"
          disabled={busy}
          onClick={() =>
            run(async () =>
              onChanged(await api.invoke('endpoints.update', { id: endpoint.id, enabled: !endpoint.enabled })),
            )
          }
        >
          {endpoint.enabled ? 'Disable' : 'Enable'}
        </button>
        <button
          type="button"
          data-testid="regenerate-endpoint"
          disabled={busy}
          onClick={() => setConfirming('regenerate')}
        >
          New URL…
        </button>
        <button
          type="button"
          className="danger"
          data-testid="delete-endpoint"
          disabled={busy}
          onClick={() => setConfirming('delete')}
        >
          Delete…
        </button>
      </div>
      {confirming === 'regenerate' ? (
        <div className="confirm" role="alertdialog" aria-label="Confirm new URL">
          <p>The current URL will stop working (it answers 404). Senders must be given the new one.</p>
          <div className="row">
            <button
              type="button"
              className="danger"
              data-testid="confirm-regenerate"
              disabled={busy}
              onClick={() => run(async () => onChanged(await api.invoke('endpoints.regenerate', { id: endpoint.id })))}
            >
              Replace the URL
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {confirming === 'delete' ? (
        <div className="confirm" role="alertdialog" aria-label="Confirm delete">
          <p>Delete “{endpoint.name}”? Its URL stops working and its targets are removed.</p>
          <div className="row">
            <button
              type="button"
              className="danger"
              data-testid="confirm-delete"
              disabled={busy}
              onClick={() =>
                run(async () => {
                  await api.invoke('endpoints.delete', { id: endpoint.id });
                  onDeleted(endpoint.id);
                })
              }
            >
              Delete
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
      <TargetsPanel endpointId={endpoint.id} />
    </section>
  );
}
