// Who may send and how often: rate limit (429 with Retry-After), IP allowlist (403), and
// duplicate detection on the provider's idempotency key.
import type { DoorDraft } from './door-draft.js';

interface LimitsSectionProps {
  draft: DoorDraft;
  onChange(patch: Partial<DoorDraft>): void;
}

export function LimitsSection({ draft, onChange }: LimitsSectionProps) {
  const number = (key: 'requests' | 'windowSeconds' | 'burst', label: string, placeholder = '') => (
    <label className="door-field">
      {label}
      <input
        data-testid={`door-rate-${key}`}
        inputMode="numeric"
        placeholder={placeholder}
        value={draft[key]}
        onChange={(e) => onChange({ [key]: e.target.value })}
      />
    </label>
  );
  return (
    <section className="door-section" aria-label="Limits">
      <h3>Limits</h3>
      <label className="door-field inline">
        <input
          type="checkbox"
          data-testid="door-rate-enabled"
          checked={draft.rateEnabled}
          onChange={(e) => onChange({ rateEnabled: e.target.checked })}
        />
        Rate limit
      </label>
      {draft.rateEnabled ? (
        <div className="row">
          {number('requests', 'Requests')}
          {number('windowSeconds', 'per seconds')}
          {number('burst', 'Burst', 'none')}
        </div>
      ) : null}
      <label className="door-field">
        IP allowlist (one address or CIDR per line; empty: anyone)
        <textarea
          data-testid="door-allow"
          rows={3}
          spellCheck={false}
          placeholder={'203.0.113.0/24\n2001:db8::/32'}
          value={draft.allowText}
          onChange={(e) => onChange({ allowText: e.target.value })}
        />
      </label>
      <label className="door-field inline">
        <input
          type="checkbox"
          data-testid="door-dedupe"
          checked={draft.dedupe}
          onChange={(e) => onChange({ dedupe: e.target.checked })}
        />
        Store a provider's redelivery once (same idempotency key); count repeats
      </label>
    </section>
  );
}
