// Every rule in a row: name, where it runs, its condition in words, an enabled switch, when
// it last fired and its state (a rule a 410 switched off says why).
import type { AlertRule } from '../../../protocol/alerts/alert-rule.js';
import type { LocalEndpoint } from '../../../protocol/desktop-api.js';
import { formatReceived } from '../events/format.js';
import { conditionInWords, sideInWords } from './rule-words.js';

interface RuleListProps {
  rules: AlertRule[];
  endpoints: LocalEndpoint[];
  selectedId: string | null;
  onSelect(rule: AlertRule): void;
  onToggle(rule: AlertRule, enabled: boolean): void;
}

export function RuleList({ rules, endpoints, selectedId, onSelect, onToggle }: RuleListProps) {
  if (rules.length === 0) {
    return (
      <p className="muted" data-testid="rules-empty">
        No rules yet. A rule watches your webhooks and tells you (a notification, a webhook to Slack…) when something
        goes wrong.
      </p>
    );
  }
  const endpointName = (id: string | null) =>
    id === null ? 'every endpoint' : (endpoints.find((e) => e.id === id)?.name ?? 'a removed endpoint');
  return (
    <table className="alert-rules">
      <thead>
        <tr>
          <th scope="col">On</th>
          <th scope="col">Rule</th>
          <th scope="col">When</th>
          <th scope="col">Last fired</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <tr
            key={rule.id}
            data-testid="rule-row"
            data-rule-id={rule.id}
            className={rule.id === selectedId ? 'selected' : undefined}
          >
            <td>
              <input
                type="checkbox"
                data-testid="rule-enabled"
                aria-label={`Enable ${rule.name}`}
                checked={rule.enabled}
                onChange={(e) => onToggle(rule, e.target.checked)}
              />
            </td>
            <td>
              <button type="button" className="link rule-name" data-testid="rule-open" onClick={() => onSelect(rule)}>
                {rule.name}
              </button>
              <div className="muted">
                {sideInWords(rule.runsOn)}, {endpointName(rule.endpointId)}
              </div>
            </td>
            <td data-testid="rule-condition">{conditionInWords(rule.condition)}</td>
            <td data-testid="rule-last-fired">{rule.lastFiredAt ? formatReceived(rule.lastFiredAt) : 'never'}</td>
            <td data-testid="rule-state">
              {rule.state === 'disabled_gone' ? (
                <span className="error" title={rule.stateReason ?? undefined}>
                  switched off: {rule.stateReason ?? 'a webhook answered 410 Gone'}
                </span>
              ) : rule.enabled ? (
                <span className="alert-ok">on</span>
              ) : (
                <span className="muted">off</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
