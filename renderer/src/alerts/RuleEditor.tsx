// One rule, new or stored, edited as a draft: name, side, endpoint, condition, throttle,
// actions (notification, webhooks with their template previews), its secret; saved in one
// alerts.create or alerts.update, deleted after a confirmation, or fired as a test.
import { useState } from 'react';
import { type AlertRule, CONDITION_SIDES } from '../../../protocol/alerts/alert-rule.js';
import type { LocalEndpoint } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';
import { ActionsFields } from './ActionsFields.js';
import { ConditionFields } from './ConditionFields.js';
import { requestPageNotifications } from './page-notifications.js';
import { RuleSecret } from './RuleSecret.js';
import { draftFromRule, newRuleDraft, type RuleDraft, settingsFromDraft } from './rule-draft.js';

interface RuleEditorProps {
  /** null: a new rule. Keyed by rule id by the parent, so the draft starts once per rule. */
  rule: AlertRule | null;
  endpoints: LocalEndpoint[];
  onSaved(rule: AlertRule): void;
  onDeleted(id: string): void;
  onClose(): void;
}

export function RuleEditor({ rule, endpoints, onSaved, onDeleted, onClose }: RuleEditorProps) {
  const api = useApi();
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftFromRule(rule) : newRuleDraft()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [tested, setTested] = useState<string | null>(null);
  const check = settingsFromDraft(draft);
  const change = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const save = () => {
    if (!check.ok) return;
    // Asked now, inside the click: browsers ignore a permission request made later.
    if (draft.notify) void requestPageNotifications();
    const settings = check.settings;
    void run(async () => {
      const saved = rule
        ? await api.invoke('alerts.update', { id: rule.id, ...settings })
        : await api.invoke('alerts.create', settings);
      onSaved(saved);
    });
  };

  const test = () =>
    rule &&
    void run(async () => {
      const fired = await api.invoke('alerts.test', { id: rule.id });
      setTested(`Test alert sent at ${new Date(fired.firedAt).toLocaleTimeString()}: see the log below.`);
    });

  return (
    <section className="alert-editor" data-testid="rule-editor" aria-label={rule ? `Rule: ${rule.name}` : 'New rule'}>
      <header className="row">
        <h3>{rule ? rule.name : 'New rule'}</h3>
        <button type="button" className="small" data-testid="rule-editor-close" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="row alert-fields">
        <label className="alert-field">
          Name
          <input data-testid="rule-name" value={draft.name} onChange={(e) => change({ name: e.target.value })} />
        </label>
        <label className="alert-field inline">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
          Enabled
        </label>
      </div>
      <div className="row alert-fields">
        <label className="alert-field">
          Runs
          <select
            data-testid="rule-runs-on"
            value={draft.runsOn}
            onChange={(e) => change({ runsOn: e.target.value as RuleDraft['runsOn'] })}
          >
            <option value="desktop">on this desktop</option>
            <option value="relay">on the relay (fires while this laptop is shut)</option>
          </select>
        </label>
        <label className="alert-field">
          Watching
          <select
            data-testid="rule-endpoint"
            value={draft.endpointId ?? ''}
            onChange={(e) => change({ endpointId: e.target.value || null })}
          >
            <option value="">every endpoint</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label className="alert-field">
          Throttle: at most one alert per N minutes (empty: every time)
          <input
            className="alert-number"
            inputMode="numeric"
            data-testid="rule-throttle"
            value={draft.throttleMinutes}
            onChange={(e) => change({ throttleMinutes: e.target.value })}
          />
        </label>
        <label className="alert-field">
          Webhook retries: the wait before each try
          <input
            data-testid="rule-retries"
            spellCheck={false}
            placeholder="0, 5s, 5m, 30m, 2h"
            value={draft.retryText}
            onChange={(e) => change({ retryText: e.target.value })}
          />
        </label>
      </div>
      {CONDITION_SIDES[draft.kind].includes(draft.runsOn) ? null : (
        <p className="error">Choose a condition the {draft.runsOn === 'relay' ? 'relay' : 'desktop'} can see.</p>
      )}
      <ConditionFields draft={draft} onChange={change} />
      <ActionsFields draft={draft} ruleId={rule?.id ?? null} onChange={change} />
      {rule ? <RuleSecret rule={rule} onChanged={onSaved} /> : null}
      {!check.ok ? (
        <ul className="alert-problems" data-testid="rule-problems">
          {check.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="rule-error">
          {error}
        </p>
      ) : null}
      {tested ? (
        <p className="muted" data-testid="rule-tested">
          {tested}
        </p>
      ) : null}
      <div className="row actions">
        <button type="button" className="primary" data-testid="rule-save" disabled={busy || !check.ok} onClick={save}>
          {busy ? 'Saving…' : rule ? 'Save' : 'Create rule'}
        </button>
        {rule ? (
          <>
            <button type="button" data-testid="rule-test" disabled={busy} onClick={test}>
              Send test alert
            </button>
            <button type="button" className="danger" data-testid="rule-delete" onClick={() => setConfirmDelete(true)}>
              Delete…
            </button>
          </>
        ) : null}
      </div>
      {rule && confirmDelete ? (
        <div className="confirm" role="alertdialog" aria-label="Confirm delete">
          <p>Delete “{rule.name}”? Its log goes with it.</p>
          <div className="row">
            <button
              type="button"
              className="danger"
              data-testid="rule-delete-confirm"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await api.invoke('alerts.delete', { id: rule.id });
                  onDeleted(rule.id);
                })
              }
            >
              Delete
            </button>
            <button type="button" onClick={() => setConfirmDelete(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
