// The Rules page: the alert rules with their state, one open in the editor (or a new one),
// and the log of what fired, for the open rule or for all.
import { useState } from 'react';
import './alerts.css';
import type { AlertRule } from '../../../protocol/alerts/alert-rule.js';
import type { LocalEndpoint } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';
import { AlertLog } from './AlertLog.js';
import { NotificationPermission } from './NotificationPermission.js';
import { RuleEditor } from './RuleEditor.js';
import { RuleList } from './RuleList.js';
import { useAlertLog } from './use-alert-log.js';
import { useAlertRules } from './use-alert-rules.js';

interface RulesPageProps {
  endpoints: LocalEndpoint[];
  onOpenEvent(eventId: string): void;
  onClose(): void;
}

/** 'new', a rule id, or nothing open. */
type Editing = 'new' | string | null;

export function RulesPage({ endpoints, onOpenEvent, onClose }: RulesPageProps) {
  const api = useApi();
  const rules = useAlertRules();
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<string | null>(null);
  const open = editing && editing !== 'new' ? (rules.rules.find((r) => r.id === editing) ?? null) : null;
  const log = useAlertLog(open?.id ?? null);

  const toggle = async (rule: AlertRule, enabled: boolean) => {
    try {
      rules.replace(await api.invoke('alerts.update', { id: rule.id, enabled }));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="rules-page" data-testid="rules-page" aria-label="Alert rules">
      <header className="row">
        <h2>Alert rules</h2>
        <button type="button" className="primary small" data-testid="rule-new" onClick={() => setEditing('new')}>
          New rule
        </button>
        <NotificationPermission />
        <span className="spacer" />
        <button type="button" className="small" data-testid="rules-close" onClick={onClose}>
          Close
        </button>
      </header>
      {rules.error || error ? <p className="error banner">{rules.error ?? error}</p> : null}
      <RuleList
        rules={rules.rules}
        endpoints={endpoints}
        selectedId={open?.id ?? null}
        onSelect={(rule) => setEditing(rule.id)}
        onToggle={(rule, enabled) => void toggle(rule, enabled)}
      />
      {editing === 'new' || open ? (
        <RuleEditor
          key={open?.id ?? 'new'}
          rule={open}
          endpoints={endpoints}
          onSaved={(saved) => {
            rules.replace(saved);
            setEditing(saved.id);
          }}
          onDeleted={(id) => {
            rules.remove(id);
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <AlertLog log={log} rules={rules.rules} onOpenEvent={onOpenEvent} />
    </section>
  );
}
