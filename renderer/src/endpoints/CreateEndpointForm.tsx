// "New endpoint": a name, and the relay gives it a permanent URL.
import { useState } from 'react';
import type { LocalEndpoint } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

export function CreateEndpointForm({ onCreated }: { onCreated(endpoint: LocalEndpoint): void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!open) {
    return (
      <button type="button" className="wide" data-testid="create-endpoint" onClick={() => setOpen(true)}>
        + New endpoint
      </button>
    );
  }
  return (
    <form
      className="create-endpoint"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          const created = await api.invoke('endpoints.create', { name: name.trim() });
          setName('');
          setOpen(false);
          setError(null);
          onCreated(created);
        } catch (err) {
          setError(errorMessage(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <input
        data-testid="endpoint-name-input"
        aria-label="Endpoint name"
        placeholder="Name, e.g. stripe-dev"
        maxLength={100}
        // biome-ignore lint/a11y/noAutofocus: the form opens because the user asked for it.
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      />
      <div className="row">
        <button type="submit" data-testid="endpoint-create-submit" disabled={busy || name.trim() === ''}>
          Create
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error ? <p className="error">{error}</p> : null}
    </form>
  );
}
