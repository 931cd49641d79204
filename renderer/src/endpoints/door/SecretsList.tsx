// Several secrets at once, so one can be rotated without dropping webhooks signed with the
// old one. Masked unless the user asks to see them.
import { useState } from 'react';
import { MAX_SECRETS } from '../../../../protocol/signatures/signature-check.js';

interface SecretsListProps {
  secrets: string[];
  label: string;
  hint: string;
  onChange(secrets: string[]): void;
}

export function SecretsList({ secrets, label, hint, onChange }: SecretsListProps) {
  const [shown, setShown] = useState(false);
  const set = (i: number, value: string) => onChange(secrets.map((s, j) => (j === i ? value : s)));
  return (
    <fieldset className="door-secrets" data-testid="door-secrets">
      <legend>{label}</legend>
      <p className="muted">{hint}. The first is tried first and used for re-signing.</p>
      {secrets.map((secret, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the list, edited in place.
        <div className="row" key={i}>
          <input
            type={shown ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            aria-label={`Secret ${i + 1}`}
            data-testid="door-secret-input"
            value={secret}
            onChange={(e) => set(i, e.target.value)}
          />
          <button
            type="button"
            className="small"
            data-testid="door-secret-remove"
            disabled={secrets.length === 1}
            onClick={() => onChange(secrets.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <div className="row">
        <button
          type="button"
          className="small"
          data-testid="door-secret-add"
          disabled={secrets.length >= MAX_SECRETS}
          onClick={() => onChange([...secrets, ''])}
        >
          Add a secret
        </button>
        <label className="small">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show secrets
        </label>
      </div>
    </fieldset>
  );
}
