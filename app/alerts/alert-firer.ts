// A rule fires: the throttle decides, the firing is logged, each webhook action's first try is
// queued in the same transaction (so it survives a crash), the worker is woken at once, and
// clients hear onAlert (notify=true when the rule has a notification action).

import type { AlertClock } from '../../protocol/alerts/alert-clock.js';
import type { AlertFiring, AlertRule } from '../../protocol/alerts/alert-rule.js';
import { type AlertTemplateEvent, renderAlertTemplate } from '../../protocol/alerts/alert-template.js';
import { AlertThrottle } from '../../protocol/alerts/alert-throttle.js';
import { newId } from '../../protocol/ids.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import type { EngineStore } from '../store/engine-store.js';
import type { StoredEvent } from '../store/event-records.js';
import type { AlertLogRepository } from './alert-log-repository.js';
import type { AlertQueue } from './alert-queue.js';

export function templateEvent(e: StoredEvent): AlertTemplateEvent {
  return {
    id: e.id,
    endpoint: e.endpointName,
    method: e.method,
    path: e.path,
    query: e.query,
    status: e.lastStatus,
    receivedAt: new Date(e.receivedAt).toISOString(),
    headers: e.headers,
    body: e.body,
  };
}

export class AlertFirer {
  readonly throttle = new AlertThrottle();

  constructor(
    private readonly deps: {
      store: EngineStore;
      log: AlertLogRepository;
      queue: AlertQueue;
      clock: AlertClock;
      events: DesktopEventBus;
      /** The rule fired for real: remember when (lastFiredAt). */
      fired: (ruleId: string, at: number) => void;
      /** Tries were queued: send the due ones now. */
      wake: () => void;
    },
  ) {}

  /** Fires unless the throttle holds it back; returns the alert, or null when held back. */
  fire(rule: AlertRule, reason: string, event: StoredEvent | null): AlertFiring | null {
    const now = this.deps.clock.now();
    const admitted = this.throttle.admit(rule, now);
    if (!admitted.fire) return null;
    return this.send(rule, reason, event ? templateEvent(event) : null, admitted.suppressed, false);
  }

  /** Fires the actions now, past the condition and the throttle (alerts.test). */
  test(rule: AlertRule, event: AlertTemplateEvent): AlertFiring {
    return this.send(rule, `test alert for "${rule.name}"`, event, 0, true);
  }

  /** Tells the owner about the rule itself (a receiver answered 410): logged and shown, no webhook. */
  notice(rule: AlertRule, reason: string): AlertFiring {
    const now = this.deps.clock.now();
    const firing: AlertFiring = {
      id: newId('alt', now),
      ruleId: rule.id,
      ruleName: rule.name,
      firedAt: new Date(now).toISOString(),
      reason,
      eventId: null,
      suppressed: 0,
      test: false,
    };
    this.deps.log.insertFiring(firing);
    this.deps.events.emit('onAlert', { alert: firing, notify: true, title: rule.name, body: reason });
    return firing;
  }

  private send(
    rule: AlertRule,
    reason: string,
    event: AlertTemplateEvent | null,
    suppressed: number,
    test: boolean,
  ): AlertFiring {
    const { store, log, queue, clock } = this.deps;
    const now = clock.now();
    const firing: AlertFiring = {
      id: newId('alt', now),
      ruleId: rule.id,
      ruleName: rule.name,
      firedAt: new Date(now).toISOString(),
      reason,
      // A sample event is not stored, so there is nothing to open.
      eventId: event && event.id !== 'evt_sample' ? event.id : null,
      suppressed,
      test,
    };
    const context = {
      rule: { id: rule.id, name: rule.name },
      alert: { id: firing.id, reason, firedAt: firing.firedAt, suppressed },
      event,
    };
    let webhooks = 0;
    store.transaction(() => {
      log.insertFiring(firing);
      rule.actions.forEach((action, actionIndex) => {
        if (action.type !== 'webhook') return;
        webhooks++;
        queue.enqueue({
          alertId: firing.id,
          ruleId: rule.id,
          actionIndex,
          attempt: 1,
          dueAt: now + (rule.retryScheduleMs[0] ?? 0),
          url: action.url,
          method: action.method,
          headers: action.headers,
          body: Buffer.from(renderAlertTemplate(action.bodyTemplate, context)),
        });
      });
    });
    if (!test) this.deps.fired(rule.id, now);
    if (webhooks > 0) this.deps.wake();
    const notify = rule.actions.some((a) => a.type === 'notification');
    const where = event && event.id !== 'evt_sample' ? `\n${event.method} ${event.path || '/'}` : '';
    this.deps.events.emit('onAlert', {
      alert: firing,
      notify,
      title: rule.name,
      body: `${suppressed > 0 ? `${reason} (+${suppressed} held back)` : reason}${where}`,
    });
    return firing;
  }
}
