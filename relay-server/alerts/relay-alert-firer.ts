// A rule fires: the throttle decides, then the firing, the rule's last-fired time and one queued
// try per webhook action are committed together (each body rendered now, while the event is at
// hand), and the worker is woken so the first try goes out at once. Notification actions are
// the desktop's: the relay has no screen, so it skips them.

import type { AlertClock } from '../../protocol/alerts/alert-clock.js';
import type { AlertFiring, AlertRule } from '../../protocol/alerts/alert-rule.js';
import { type AlertTemplateEvent, renderAlertTemplate } from '../../protocol/alerts/alert-template.js';
import { AlertThrottle } from '../../protocol/alerts/alert-throttle.js';
import { newId } from '../../protocol/ids.js';
import type { RelayLogger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { QueuedAlertTry, RelayAlertStore } from '../store/alert-store.js';

export interface FireRequest {
  userId: string;
  rule: AlertRule;
  reason: string;
  event: AlertTemplateEvent | null;
  /** "Send test alert": not throttled, marked as a test. */
  test?: boolean;
}

export class RelayAlertFirer {
  private readonly throttle = new AlertThrottle();

  constructor(
    private readonly deps: {
      store: RelayAlertStore;
      clock: AlertClock;
      metrics: RelayMetrics;
      log: RelayLogger;
      /** Tells the worker there is something to send. */
      wake: () => void;
    },
  ) {}

  /** The firing, or null when the throttle held it back. */
  async fire(req: FireRequest): Promise<AlertFiring | null> {
    const { rule } = req;
    const now = this.deps.clock.now();
    const admitted = req.test ? { fire: true, suppressed: 0 } : this.throttle.admit(rule, now);
    const suppressed = admitted.fire ? admitted.suppressed : null;
    if (suppressed === null) {
      this.deps.metrics.alert('suppressed');
      return null;
    }
    const firing: AlertFiring = {
      id: newId('alt', now),
      ruleId: rule.id,
      ruleName: rule.name,
      firedAt: new Date(now).toISOString(),
      reason: req.reason,
      eventId: req.event?.id ?? null,
      suppressed,
      test: req.test ?? false,
    };
    const context = {
      rule: { id: rule.id, name: rule.name },
      alert: { id: firing.id, reason: firing.reason, firedAt: firing.firedAt, suppressed },
      event: req.event,
    };
    const tries: QueuedAlertTry[] = [];
    for (const [actionIndex, action] of rule.actions.entries()) {
      if (action.type !== 'webhook') continue;
      tries.push({
        alertId: firing.id,
        ruleId: rule.id,
        userId: req.userId,
        actionIndex,
        attempt: 1,
        dueAt: now + (rule.retryScheduleMs[0] ?? 0),
        url: action.url,
        method: action.method,
        headers: action.headers.map(([n, v]) => [n, v] as [string, string]),
        body: Buffer.from(renderAlertTemplate(action.bodyTemplate, context)),
      });
    }
    await this.deps.store.recordAlertFiring(req.userId, firing, tries);
    this.deps.metrics.alert(req.test ? 'tested' : 'fired');
    this.deps.log.info({ ruleId: rule.id, alertId: firing.id, reason: firing.reason }, 'alert fired');
    if (tries.length > 0) this.deps.wake();
    return firing;
  }

  /** The rule changed or went: its throttle window starts over. */
  forget(ruleId: string) {
    this.throttle.forget(ruleId);
  }
}
