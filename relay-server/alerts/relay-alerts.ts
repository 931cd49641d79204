// The relay's alerts, composed: the SSRF guard, the rule evaluator, the firer and the worker
// that sends. relay-server.ts feeds it commits and 429s; the API calls changed() and test().

import { type AlertClock, systemAlertClock } from '../../protocol/alerts/alert-clock.js';
import type { AlertFiring, AlertRule } from '../../protocol/alerts/alert-rule.js';
import type { RelayLogger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { EndpointRecord, NewEventRecord, RelayStore } from '../store/relay-store.js';
import { sampleEvent } from './alert-event.js';
import { AlertWorker } from './alert-worker.js';
import { type HostResolver, OutboundGuard } from './outbound-guard.js';
import { RelayAlertEvaluator } from './relay-alert-evaluator.js';
import { RelayAlertFirer } from './relay-alert-firer.js';

export interface RelayAlertsOptions {
  /** CIDRs the admin lets alerts reach although they are private (--alerts-allow). */
  allow: readonly string[];
  /** Redirect hops to follow, each checked again; 0 (the default) answers with the 3xx. */
  followRedirects: number;
  clock?: AlertClock;
  resolver?: HostResolver;
}

export class RelayAlerts {
  readonly guard: OutboundGuard;
  readonly clock: AlertClock;
  private readonly firer: RelayAlertFirer;
  private readonly evaluator: RelayAlertEvaluator;
  private readonly worker: AlertWorker;

  /** Throws IpListError for a bad allowlist entry, before anything starts. */
  constructor(
    private readonly deps: {
      store: RelayStore;
      metrics: RelayMetrics;
      log: RelayLogger;
      isConnected: (deviceId: string) => boolean;
    },
    options: RelayAlertsOptions,
  ) {
    this.guard = new OutboundGuard(options.allow, options.resolver);
    this.clock = options.clock ?? systemAlertClock();
    const { store, metrics, log } = deps;
    this.worker = new AlertWorker({
      store: store.alerts,
      guard: this.guard,
      clock: this.clock,
      metrics,
      log,
      followRedirects: options.followRedirects,
      gone: (userId) => void this.changed(userId),
    });
    this.firer = new RelayAlertFirer({
      store: store.alerts,
      clock: this.clock,
      metrics,
      log,
      wake: () => this.worker.wake(),
    });
    this.evaluator = new RelayAlertEvaluator({
      store,
      clock: this.clock,
      firer: this.firer,
      log,
      isConnected: deps.isConnected,
    });
  }

  /** Loads the rules and sends what the queue still owes from before a restart. */
  async start() {
    await this.evaluator.load();
    this.worker.wake();
  }

  committed(events: readonly NewEventRecord[], seqs: readonly number[]) {
    this.evaluator.committed(events, seqs);
  }

  rateLimited(endpoint: EndpointRecord) {
    this.evaluator.rateLimited(endpoint);
  }

  /** A user's rules changed: evaluate the new ones from now on. */
  changed(userId: string): Promise<void> {
    return this.evaluator.reload(userId).catch((err: unknown) => this.deps.log.error({ err }, 'alert rules reload'));
  }

  /** "Send test alert": the rule's webhook actions now, with a sample event, not throttled. */
  async test(userId: string, rule: AlertRule): Promise<AlertFiring> {
    const endpoint = rule.endpointId ? await this.deps.store.getEndpoint(userId, rule.endpointId) : null;
    const event = sampleEvent(endpoint?.name ?? 'sample', this.clock.now());
    const firing = await this.firer.fire({ userId, rule, reason: 'test alert', event, test: true });
    return firing!;
  }

  /** For tests: resolves once evaluations and sends started so far are done. */
  async settled() {
    await this.evaluator.settled();
    await this.worker.idle();
  }

  async stop() {
    this.evaluator.stop();
    await this.evaluator.settled();
    await this.worker.stop();
  }
}
