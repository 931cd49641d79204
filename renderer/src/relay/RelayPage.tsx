// The relay connection: state, backlog, pairing with a team relay by URL + invite code,
// switching back to the embedded one, and how this device protects its secrets.
import { useState } from 'react';
import type { RelayStatus, SecretStorageInfo } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';
import { formatReceived } from '../events/format.js';

interface RelayPageProps {
  relay: RelayStatus | null;
  secrets: SecretStorageInfo | null;
  version: string | null;
  dataDir: string | null;
  onStatus(status: RelayStatus): void;
  onClose(): void;
}

export function RelayPage({ relay, secrets, version, dataDir, onStatus, onClose }: RelayPageProps) {
  const api = useApi();
  const [relayUrl, setRelayUrl] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<RelayStatus>) => {
    setBusy(true);
    try {
      onStatus(await action());
      setError(null);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="relay-page" aria-label="Relay connection">
      <header className="panel-header">
        <h2>Relay</h2>
        <button type="button" className="small" data-testid="relay-page-close" onClick={onClose}>
          Back to events
        </button>
      </header>
      {relay ? (
        <dl className="facts">
          <dt>State</dt>
          <dd data-testid="relay-status" data-state={relay.state}>
            <span className={`dot relay-${relay.state}`} /> {relay.state}
            {relay.embedded ? ' — the embedded relay on this computer' : relay.relayUrl ? ` — ${relay.relayUrl}` : ''}
          </dd>
          <dt>Waiting at the relay</dt>
          <dd data-testid="relay-backlog">
            {relay.backlog} event{relay.backlog === 1 ? '' : 's'}
          </dd>
          <dt>Received up to</dt>
          <dd>#{relay.cursor}</dd>
          {relay.connectedAt ? (
            <>
              <dt>Connected since</dt>
              <dd>{formatReceived(relay.connectedAt)}</dd>
            </>
          ) : null}
          {relay.lastError ? (
            <>
              <dt>Last error</dt>
              <dd className="error">{relay.lastError}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="muted">Loading…</p>
      )}

      <form
        className="pair-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const paired = await run(() => api.invoke('relay.pair', { relayUrl: relayUrl.trim(), code: code.trim() }));
          if (paired) setCode('');
        }}
      >
        <h3>Pair with a team relay</h3>
        <p className="muted">Ask its admin for an invite code (`porthole relay invite`).</p>
        <label className="field">
          Relay URL
          <input
            data-testid="pair-url"
            type="url"
            placeholder="https://hooks.example.com"
            value={relayUrl}
            onChange={(e) => setRelayUrl(e.target.value)}
          />
        </label>
        <label className="field">
          Invite code
          <input data-testid="pair-code" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
        <button type="submit" data-testid="pair-submit" disabled={busy || !relayUrl.trim() || code.trim().length < 4}>
          Pair
        </button>
      </form>

      <div className="row">
        <button
          type="button"
          data-testid="use-embedded"
          disabled={busy || relay?.embedded === true}
          onClick={() => run(() => api.invoke('relay.useEmbedded', {}))}
        >
          Use the embedded relay
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}

      {secrets ? (
        <section className={`secrets-note${secrets.protected ? '' : ' warn'}`} data-testid="secrets-note">
          <h3>Secrets on this device</h3>
          <p>
            {secrets.protected
              ? `Protected by the operating system (${secrets.backend}).`
              : `Not encrypted by the operating system (${secrets.backend}).`}
            {secrets.note ? ` ${secrets.note}` : ''}
          </p>
        </section>
      ) : null}
      <p className="muted small-print">
        Porthole {version ?? ''} · data in {dataDir ?? '…'}
      </p>
    </section>
  );
}
