// The alert log: each time a rule fired (or was tested), why, the event it was about, and
// every attempt of its webhooks (time, status, duration, error, the answer's body).
import type { AlertAttempt, AlertFiring, AlertRule } from '../../../protocol/alerts/alert-rule.js';
import { formatReceived } from '../events/format.js';
import type { AlertLogState } from './use-alert-log.js';

interface AlertLogProps {
  log: AlertLogState;
  /** To name each attempt's webhook by its URL. */
  rules: AlertRule[];
  onOpenEvent(eventId: string): void;
}

function attemptTone(a: AlertAttempt): string {
  if (a.status !== null && a.status >= 200 && a.status < 300) return 'alert-ok';
  return a.nextAttemptAt ? 'alert-warn' : 'error';
}

function AttemptRow({ attempt }: { attempt: AlertAttempt }) {
  return (
    <li className="alert-attempt" data-testid="alert-attempt">
      <div className="row">
        <span className="muted">#{attempt.attempt}</span>
        <span>{formatReceived(attempt.startedAt)}</span>
        <span className={attemptTone(attempt)} data-testid="alert-attempt-status">
          {attempt.status ?? 'no answer'}
        </span>
        <span className="muted">{Math.round(attempt.durationMs)} ms</span>
        {attempt.error ? <span className="error">{attempt.error}</span> : null}
        {attempt.nextAttemptAt ? <span className="muted">next try {formatReceived(attempt.nextAttemptAt)}</span> : null}
      </div>
      {attempt.responseBody ? (
        <pre className="mono alert-response" data-testid="alert-attempt-body">
          {attempt.responseBody}
        </pre>
      ) : null}
    </li>
  );
}

/** The webhook an attempt went to, as the rule has it now (a later edit may have moved it). */
function actionLabel(rule: AlertRule | undefined, index: number): string {
  const action = rule?.actions[index];
  return action?.type === 'webhook' ? `${action.method} ${action.url}` : `Action ${index + 1}`;
}

function FiringItem({
  alert,
  rule,
  attempts,
  onOpenEvent,
}: {
  alert: AlertFiring;
  rule: AlertRule | undefined;
  attempts: AlertAttempt[];
  onOpenEvent(id: string): void;
}) {
  // Grouped by action, oldest try first, so a retry reads top to bottom.
  const byAction = new Map<number, AlertAttempt[]>();
  for (const a of [...attempts].sort((x, y) => x.attempt - y.attempt)) {
    byAction.set(a.actionIndex, [...(byAction.get(a.actionIndex) ?? []), a]);
  }
  return (
    <li className="alert-firing" data-testid="alert-log-entry" data-alert-id={alert.id}>
      <div className="row">
        <strong>{alert.ruleName}</strong>
        {alert.test ? <span className="badge">test</span> : null}
        <span className="muted">{formatReceived(alert.firedAt)}</span>
        <span data-testid="alert-log-reason">{alert.reason}</span>
        {alert.suppressed > 0 ? <span className="muted">(+{alert.suppressed} held back by the throttle)</span> : null}
        {alert.eventId ? (
          <button
            type="button"
            className="small link"
            data-testid="alert-log-open-event"
            onClick={() => onOpenEvent(alert.eventId!)}
          >
            Open event
          </button>
        ) : null}
      </div>
      {[...byAction].map(([action, list]) => (
        <div key={action}>
          <span className="muted mono">{actionLabel(rule, action)}</span>
          <ul className="alert-attempts">
            {list.map((a) => (
              <AttemptRow key={a.id} attempt={a} />
            ))}
          </ul>
        </div>
      ))}
    </li>
  );
}

export function AlertLog({ log, rules, onOpenEvent }: AlertLogProps) {
  return (
    <section className="alert-log" aria-label="Alert log" data-testid="alert-log">
      <h3>Log</h3>
      {log.error ? <p className="error">{log.error}</p> : null}
      {log.alerts.length === 0 ? <p className="muted">Nothing fired yet.</p> : null}
      <ul className="alert-firings">
        {log.alerts.map((alert) => (
          <FiringItem
            key={alert.id}
            alert={alert}
            rule={rules.find((r) => r.id === alert.ruleId)}
            attempts={log.attempts.filter((a) => a.alertId === alert.id)}
            onOpenEvent={onOpenEvent}
          />
        ))}
      </ul>
    </section>
  );
}
