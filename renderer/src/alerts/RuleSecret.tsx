// The rule's Standard Webhooks secret, which receivers verify its webhooks with: masked
// unless shown, copyable, and replaceable (confirmed first: receivers holding the old
// one stop verifying).
import { useState } from 'react';
import type { AlertRule } from '../../../protocol/alerts/alert-rule.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';
import { CopyButton } from '../app/CopyButton.js';

export function maskSecret(secret: string): string {
  return `whsec_${'•'.repeat(12)}${secret.slice(-4)}`;
}

export function RuleSecret({ rule, onChanged }: { rule: AlertRule; onChanged(rule: AlertRule): void }) {
  const api = useApi();
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const regenerate = async () => {
    setBusy(true);
    try {
      onChanged(await api.invoke('alerts.update', { id: rule.id, regenerateSecret: true }));
      setConfirming(false);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="alert-fieldset">
      <legend>Signing secret</legend>
      <p className="muted">Receivers verify this rule's webhooks with it (Standard Webhooks).</p>
      <div className="row">
        <code className="alert-secret" data-testid="rule-secret">
          {shown ? rule.secret : maskSecret(rule.secret)}
        </code>
        <button type="button" className="small" aria-pressed={shown} onClick={() => setShown(!shown)}>
          {shown ? 'Hide' : 'Show'}
        </button>
        <CopyButton text={rule.secret} testId="rule-secret-copy" />
        <button
          type="button"
          className="small"
          data-testid="rule-secret-regenerate"
          onClick={() => setConfirming(true)}
        >
          Regenerate…
        </button>
      </div>
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-label="Confirm new secret">
          <p>Receivers that verify with the current secret will refuse this rule's webhooks until given the new one.</p>
          <div className="row">
            <button
              type="button"
              className="danger"
              data-testid="rule-secret-confirm"
              disabled={busy}
              onClick={() => void regenerate()}
            >
              Replace the secret
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
    </fieldset>
  );
}
