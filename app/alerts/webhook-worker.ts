// Sends the queued webhook tries when they come due: woken at once when a try is queued (an
// alert goes out within milliseconds of its trigger), and by the clock for the next retry.
// After each try its AlertAttempt is logged and the row rescheduled or removed in one
// transaction; a 410 switches the rule off. On start it picks up what an earlier run left.

import type { AlertClock } from '../../protocol/alerts/alert-clock.js';
import { type AlertNextStep, nextAlertStep, signAlert } from '../../protocol/alerts/alert-delivery.js';
import type { AlertAttempt, AlertRule } from '../../protocol/alerts/alert-rule.js';
import { newId } from '../../protocol/ids.js';
import type { EngineStore } from '../store/engine-store.js';
import type { AlertLogRepository } from './alert-log-repository.js';
import type { AlertQueue, QueuedAlertTry } from './alert-queue.js';
import { sendWebhookTry, type WebhookTryResult } from './webhook-try.js';

const CONCURRENCY = 8;

export class AlertWebhookWorker {
  private readonly sending = new Set<number>();
  private readonly running = new Set<Promise<void>>();
  private cancelTimer: (() => void) | null = null;
  private stopped = true;

  constructor(
    private readonly deps: {
      store: EngineStore;
      queue: AlertQueue;
      log: AlertLogRepository;
      clock: AlertClock;
      rule: (id: string) => AlertRule | undefined;
      attempted: (attempt: AlertAttempt) => void;
      /** The receiver answered 410: switch the rule off and tell the owner. */
      gone: (rule: AlertRule, url: string) => void;
      send?: (t: QueuedAlertTry) => Promise<WebhookTryResult>;
      random?: () => number;
    },
  ) {}

  start() {
    this.stopped = false;
    this.pump();
  }

  /** New tries were queued. */
  wake() {
    this.pump();
  }

  async stop() {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    await Promise.all([...this.running]);
  }

  private pump() {
    if (this.stopped) return;
    const { queue, clock } = this.deps;
    const free = CONCURRENCY - this.sending.size;
    if (free > 0) {
      for (const t of queue.due(clock.now(), this.sending, free)) {
        this.sending.add(t.rowid);
        const run = this.run(t).finally(() => {
          this.sending.delete(t.rowid);
          this.running.delete(run);
          this.pump();
        });
        this.running.add(run);
      }
    }
    this.arm();
  }

  /** A timer for the soonest try not yet being sent. */
  private arm() {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.sending.size >= CONCURRENCY) return;
    const next = this.deps.queue.nextDue(this.sending);
    if (next !== null) this.cancelTimer = this.deps.clock.at(next, () => this.pump());
  }

  private async run(t: QueuedAlertTry) {
    const { store, queue, log, clock } = this.deps;
    const rule = this.deps.rule(t.ruleId);
    if (!rule) {
      queue.remove(t.rowid);
      return;
    }
    const startedAt = clock.now();
    const headers: [string, string][] = [...t.headers];
    if (!headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['content-type', 'application/json']);
    headers.push(...(await signAlert(rule.secret, t.alertId, t.body, startedAt)));
    const result = await (this.deps.send ?? sendWebhookTry)({ ...t, headers });
    if (this.stopped && !store.db.open) return;
    const step: AlertNextStep = nextAlertStep(
      t.attempt,
      { status: result.status, retryAfter: result.retryAfter },
      rule.retryScheduleMs,
      clock.now(),
      this.deps.random,
    );
    const attempt: AlertAttempt = {
      id: newId('ala', startedAt),
      alertId: t.alertId,
      ruleId: t.ruleId,
      actionIndex: t.actionIndex,
      attempt: t.attempt,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: result.durationMs,
      status: result.status,
      error: result.error,
      responseBody: result.responseBody,
      nextAttemptAt: step.kind === 'retry' ? new Date(step.at).toISOString() : null,
    };
    store.transaction(() => {
      log.insertAttempt(attempt);
      if (step.kind === 'retry') queue.reschedule(t.rowid, t.attempt + 1, step.at);
      else if (step.kind === 'gone') queue.removeRule(t.ruleId);
      else queue.remove(t.rowid);
    });
    this.deps.attempted(attempt);
    if (step.kind === 'gone') this.deps.gone(rule, t.url);
  }
}
