// What the sender is answered: a static response, or passthrough (the local service's own
// answer, this static one after the timeout).
import type { DoorDraft } from './door-draft.js';

interface ResponseSectionProps {
  draft: DoorDraft;
  onChange(patch: Partial<DoorDraft>): void;
}

export function ResponseSection({ draft, onChange }: ResponseSectionProps) {
  const passthrough = draft.responseMode === 'passthrough';
  return (
    <section className="door-section" aria-label="Response">
      <h3>Response to the sender</h3>
      <label className="door-field">
        Mode
        <select
          data-testid="door-response-mode"
          value={draft.responseMode}
          onChange={(e) => onChange({ responseMode: e.target.value as DoorDraft['responseMode'] })}
        >
          <option value="static">Static response</option>
          <option value="passthrough">Passthrough: the local service's response</option>
        </select>
      </label>
      {passthrough ? (
        <label className="door-field">
          Timeout (ms), then the fallback below
          <input
            data-testid="door-response-timeout"
            inputMode="numeric"
            value={draft.timeoutMs}
            onChange={(e) => onChange({ timeoutMs: e.target.value })}
          />
        </label>
      ) : null}
      <label className="door-field">
        {passthrough ? 'Fallback status' : 'Status'}
        <input
          data-testid="door-response-status"
          inputMode="numeric"
          value={draft.status}
          onChange={(e) => onChange({ status: e.target.value })}
        />
      </label>
      <label className="door-field">
        Headers (one "Name: value" per line)
        <textarea
          data-testid="door-response-headers"
          rows={2}
          spellCheck={false}
          value={draft.headersText}
          onChange={(e) => onChange({ headersText: e.target.value })}
        />
      </label>
      <label className="door-field">
        Body ({'{{event.id}}'} and {'{{endpoint.name}}'} are replaced)
        <textarea
          data-testid="door-response-body"
          rows={3}
          spellCheck={false}
          value={draft.body}
          onChange={(e) => onChange({ body: e.target.value })}
        />
      </label>
    </section>
  );
}
