// The alerts part of the engine, composed: rules, the evaluator of desktop rules, the firer and
// the webhook worker, over the engine's store and clock. engine.ts feeds it committed events and
// relay status; forward and replay outcomes it hears from the event bus (onForwardAttempt), so
// the forwarder knows nothing of alerts.

import type { AlertClock } from '../../protocol/alerts/alert-clock.js';
import type { AlertRule } from '../../protocol/alerts/alert-rule.js';
import type { SecretBox } from '../../protocol/crypto/secret-box.js';
import type { RelayStatus } from '../../protocol/desktop-api.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import type { EngineStore } from '../store/engine-store.js';
import type { StoredEvent } from '../store/event-records.js';
import { AlertEvaluator } from './alert-evaluator.js';
import { AlertFirer } from './alert-firer.js';
import { AlertLogRepository } from './alert-log-repository.js';
import { AlertQueue } from './alert-queue.js';
import { AlertRules } from './alert-rules.js';
import { AlertSecrets } from './alert-secrets.js';
import type { RelayRulePush } from './relay-rule-push.js';
import { AlertWebhookWorker } from './webhook-worker.js';

export interface AlertEngineDeps {
  store: EngineStore;
  box: SecretBox;
  events: DesktopEventBus;
  clock: AlertClock;
  /** The relay's side of relay rules, when paired and a client exists. */
  relay: () => RelayRulePush | null;
  log: (message: string) => void;
}

export class AlertEngine {
  readonly rules: AlertRules;
  readonly log: AlertLogRepository;
  readonly queue: AlertQueue;
  readonly firer: AlertFirer;
  readonly evaluator: AlertEvaluator;
  readonly worker: AlertWebhookWorker;
  private unsubscribe: (() => void) | null = null;
  private relayState: RelayStatus['state'] | null = null;

  constructor(readonly deps: AlertEngineDeps) {
    const { store, clock, events } = deps;
    this.log = new AlertLogRepository(store.db);
    this.queue = new AlertQueue(store.db);
    this.rules = new AlertRules({
      store,
      secrets: new AlertSecrets(deps.box),
      now: clock.now,
      relay: deps.relay,
      changed: (rules) => {
        this.evaluator.rulesChanged();
        events.emit('onAlertRulesChanged', { rules });
      },
      log: deps.log,
    });
    this.worker = new AlertWebhookWorker({
      store,
      queue: this.queue,
      log: this.log,
      clock,
      rule: (id) => this.rules.all().find((r) => r.id === id),
      attempted: (attempt) => events.emit('onAlertAttempt', { attempt }),
      gone: (rule, url) => void this.gone(rule, url),
    });
    this.firer = new AlertFirer({
      store,
      log: this.log,
      queue: this.queue,
      clock,
      events,
      fired: (id, at) => this.rules.markFired(id, at),
      wake: () => this.worker.wake(),
    });
    this.evaluator = new AlertEvaluator({
      clock,
      rules: () => this.rules.all(),
      fire: (rule, reason, event) => this.fire(rule, reason, event),
      event: (id) => store.events.get(id),
      endpointName: (id) => store.endpoints.get(id)?.name ?? null,
    });
  }

  async start() {
    await this.rules.load();
    this.evaluator.rulesChanged();
    this.unsubscribe = this.deps.events.on('onForwardAttempt', ({ attempt }) =>
      this.evaluator.attemptRecorded(attempt),
    );
    this.worker.start();
  }

  async stop() {
    this.unsubscribe?.();
    this.evaluator.stop();
    await this.worker.stop();
  }

  /** After a relay batch was committed; cheap when no desktop rule is enabled. */
  eventsCommitted(events: readonly StoredEvent[]) {
    // The events are committed already: a failing rule must not look like a failed commit.
    try {
      this.evaluator.eventsCommitted(events);
    } catch (err) {
      this.deps.log(`alert rules could not judge new events: ${String(err)}`);
    }
  }

  relayStatus(status: RelayStatus) {
    this.evaluator.relayStatus(status);
    // Status is reported after every batch too: push pending relay rules once per (re)connect.
    const connected = status.state === 'connected' && this.relayState !== 'connected';
    this.relayState = status.state;
    if (connected) void this.rules.pushPending().catch(() => {});
  }

  private fire(rule: AlertRule, reason: string, event: StoredEvent | null) {
    try {
      this.firer.fire(rule, reason, event);
    } catch (err) {
      // An alert that cannot be stored must not break ingest or forwarding.
      this.deps.log(`alert rule ${rule.name} could not fire: ${String(err)}`);
    }
  }

  private async gone(rule: AlertRule, url: string) {
    const reason = `${url} answered 410 Gone: the rule "${rule.name}" was switched off`;
    await this.rules.disableGone(rule.id, reason);
    this.firer.notice(rule, reason);
  }
}
