// Sends the queued tries of outgoing alerts through the SSRF-guarded client: woken on enqueue (so
// a new alert leaves within milliseconds), and by a timer for the next retry. Each try's outcome
// is logged and its queue row moved on or removed in one transaction; a try cut off by a crash
// is sent again after the restart (same webhook-id, so the receiver can tell).

import type { AlertClock } from '../../protocol/alerts/alert-clock.js';
import { nextAlertStep, signAlert } from '../../protocol/alerts/alert-delivery.js';
import type { AlertAttempt } from '../../protocol/alerts/alert-rule.js';
import { newId } from '../../protocol/ids.js';
import type { RelayLogger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { QueuedAlertTry, RelayAlertStore } from '../store/alert-store.js';
import type { OutboundGuard } from './outbound-guard.js';
import { safeFetch } from './safe-fetch.js';

/** Tries in flight at once, over all receivers: one slow receiver must not hold up the rest. */
const CONCURRENCY = 16;

export class AlertWorker {
  private readonly inFlight = new Map<string, Promise<void>>();
  private scheduled = false;
  private pumping = false;
  private again = false;
  private stopped = false;
  private cancelTimer: (() => void) | null = null;
  private timerAt: number | null = null;

  constructor(
    private readonly deps: {
      store: RelayAlertStore;
      guard: OutboundGuard;
      clock: AlertClock;
      metrics: RelayMetrics;
      log: RelayLogger;
      followRedirects: number;
      /** A receiver answered 410: the rule was switched off. */
      gone: (userId: string, ruleId: string) => void;
      random?: () => number;
    },
  ) {}

  /** Something may be due now: look on the next turn (calls in one turn share one look). */
  wake() {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.pump();
    });
  }

  async stop() {
    this.stopped = true;
    this.cancelTimer?.();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Resolves once nothing is in flight (for tests and shutdown). */
  async idle() {
    while (this.inFlight.size > 0 || this.scheduled || this.pumping) {
      await Promise.race([...this.inFlight.values(), new Promise((r) => setImmediate(r))]);
    }
  }

  private async pump() {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        await this.startDue();
      } while (this.again && !this.stopped);
    } catch (err) {
      this.deps.log.error({ err }, 'alert worker failed to read its queue');
    } finally {
      this.pumping = false;
    }
  }

  private async startDue() {
    const { store, clock } = this.deps;
    const now = clock.now();
    const room = CONCURRENCY - this.inFlight.size;
    if (room > 0) {
      const due = await store.dueAlertTries(now, room + this.inFlight.size);
      for (const t of due) {
        const key = `${t.alertId}#${t.actionIndex}`;
        if (this.inFlight.has(key) || this.inFlight.size >= CONCURRENCY || this.stopped) continue;
        const running = this.send(t)
          .catch((err: unknown) => this.deps.log.error({ err, alertId: t.alertId }, 'alert try failed'))
          .finally(() => {
            this.inFlight.delete(key);
            this.wake();
          });
        this.inFlight.set(key, running);
      }
    }
    // Rows due now but not started wait for a try to finish; later ones get a timer.
    const next = await store.nextAlertTryAt();
    if (next !== null && next > now) this.armTimer(next);
  }

  private armTimer(at: number) {
    if (this.timerAt !== null && this.timerAt <= at) return;
    this.cancelTimer?.();
    this.timerAt = at;
    this.cancelTimer = this.deps.clock.at(at, () => {
      this.timerAt = null;
      this.cancelTimer = null;
      this.wake();
    });
  }

  private async send(t: QueuedAlertTry) {
    const { store, clock, metrics } = this.deps;
    const rule = await store.getAlertRule(t.userId, t.ruleId);
    const startedAt = clock.now();
    const realStart = performance.now();
    let status: number | null = null;
    let error: string | null;
    let responseBody = '';
    let retryAfter: string | null = null;
    if (!rule) {
      error = 'the rule was deleted';
    } else {
      const signature = await signAlert(rule.secret, t.alertId, t.body, startedAt);
      const outcome = await safeFetch(
        this.deps.guard,
        {
          url: t.url,
          method: t.method,
          headers: [
            ['content-type', 'application/json'],
            ['user-agent', 'Porthole-Relay-Alerts'],
            ...t.headers,
            ...signature,
          ],
          body: t.body,
        },
        { followRedirects: this.deps.followRedirects },
      );
      ({ status, error, body: responseBody } = outcome);
      const header = outcome.headers['retry-after'];
      retryAfter = Array.isArray(header) ? (header[0] ?? null) : (header ?? null);
      if (error?.startsWith('blocked:')) metrics.alert('blocked');
    }
    const now = clock.now();
    const step = rule
      ? nextAlertStep(t.attempt, { status, retryAfter }, rule.retryScheduleMs, now, this.deps.random)
      : ({ kind: 'give_up' } as const);
    const attempt: AlertAttempt = {
      id: newId('ala', startedAt),
      alertId: t.alertId,
      ruleId: t.ruleId,
      actionIndex: t.actionIndex,
      attempt: t.attempt,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Math.round((performance.now() - realStart) * 10) / 10,
      status,
      error,
      responseBody,
      nextAttemptAt: step.kind === 'retry' ? new Date(step.at).toISOString() : null,
    };
    await store.finishAlertTry(t, attempt, step.kind === 'retry' ? { attempt: t.attempt + 1, dueAt: step.at } : null);
    metrics.alert(
      step.kind === 'done'
        ? 'delivered'
        : step.kind === 'retry'
          ? 'retried'
          : step.kind === 'gone'
            ? 'gone'
            : 'gave_up',
    );
    this.deps.log.info({ alertId: t.alertId, attempt: t.attempt, status, error, next: step.kind }, 'alert try');
    if (step.kind === 'gone') {
      const reason = `${t.url} answered 410 Gone at ${attempt.startedAt}: the rule was switched off`;
      await store.markAlertRuleGone(t.userId, t.ruleId, reason, now);
      this.deps.gone(t.userId, t.ruleId);
    }
  }
}
