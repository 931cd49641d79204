// Evaluates the relay-side rules: after each commit for every stored event (event matches,
// signature failed, schema invalid, burst, silence, device offline), on the door's 429s
// (rate limited), and by timer (silence). Rules are kept in memory per user and reloaded when
// the API changes them; evaluation runs in commit order, one batch after the other.

import type { AlertClock } from '../../protocol/alerts/alert-clock.js';
import type { AlertRule } from '../../protocol/alerts/alert-rule.js';
import type { AlertTemplateEvent } from '../../protocol/alerts/alert-template.js';
import type { FilterExpr } from '../../protocol/filter/filter-ast.js';
import { compileFilter } from '../../protocol/filter/filter-evaluator.js';
import { parseFilter } from '../../protocol/filter/filter-parser.js';
import type { RelayLogger } from '../observability/logger.js';
import type { EndpointRecord, NewEventRecord, RelayStore } from '../store/relay-store.js';
import { filterableEvent, templateEvent } from './alert-event.js';
import { BurstWindow, OfflineMemory, SilenceWatch } from './alert-watchers.js';
import type { RelayAlertFirer } from './relay-alert-firer.js';

interface LoadedRule {
  userId: string;
  rule: AlertRule;
  filter: FilterExpr | null;
  silence: SilenceWatch | null;
  burst: BurstWindow | null;
  offline: OfflineMemory | null;
}

const MINUTE = 60_000;

export class RelayAlertEvaluator {
  private readonly byUser = new Map<string, LoadedRule[]>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      store: RelayStore;
      clock: AlertClock;
      firer: RelayAlertFirer;
      log: RelayLogger;
      isConnected: (deviceId: string) => boolean;
    },
  ) {}

  async load() {
    const all = await this.deps.store.alerts.listAlertRules();
    const users = new Set(all.map((r) => r.userId));
    for (const userId of users)
      this.install(
        userId,
        all.filter((r) => r.userId === userId).map((r) => r.rule),
      );
  }

  /** The user's rules changed (API write, 410): load them again, resetting changed ones. */
  async reload(userId: string) {
    const rules = (await this.deps.store.alerts.listAlertRules(userId)).map((r) => r.rule);
    this.install(userId, rules);
  }

  committed(events: readonly NewEventRecord[], seqs: readonly number[]) {
    if (this.byUser.size === 0) return;
    const relevant = events.map((e, i) => ({ e, seq: seqs[i]! })).filter(({ e }) => this.byUser.has(e.userId));
    if (relevant.length === 0) return;
    this.enqueue(async () => {
      for (const { e, seq } of relevant) await this.onEvent(e, seq);
    });
  }

  /** The door answered 429 for this endpoint (nothing was stored). */
  rateLimited(endpoint: EndpointRecord) {
    const rules = this.byUser.get(endpoint.userId);
    if (!rules) return;
    this.enqueue(async () => {
      for (const r of rules) {
        if (r.rule.condition.kind !== 'rate_limited' || !inScope(r.rule, endpoint.id)) continue;
        await this.fire(r, `rate limited on ${endpoint.name}: the door answered 429`, null);
      }
    });
  }

  /** Waits for the evaluations queued so far (tests, shutdown). */
  settled(): Promise<void> {
    return this.chain;
  }

  stop() {
    for (const rules of this.byUser.values()) for (const r of rules) r.silence?.stop();
    this.byUser.clear();
  }

  private enqueue(work: () => Promise<void>) {
    this.chain = this.chain.then(work).catch((err: unknown) => this.deps.log.error({ err }, 'alert evaluation failed'));
  }

  private install(userId: string, rules: AlertRule[]) {
    const previous = new Map((this.byUser.get(userId) ?? []).map((r) => [r.rule.id, r]));
    const loaded: LoadedRule[] = [];
    for (const rule of rules) {
      if (!rule.enabled || rule.state !== 'ok' || rule.runsOn !== 'relay') continue;
      const old = previous.get(rule.id);
      if (old && old.rule.revision === rule.revision) {
        previous.delete(rule.id);
        loaded.push({ ...old, rule });
        continue;
      }
      loaded.push(this.prepare(userId, rule));
    }
    for (const gone of previous.values()) {
      gone.silence?.stop();
      this.deps.firer.forget(gone.rule.id);
    }
    if (loaded.length > 0) this.byUser.set(userId, loaded);
    else this.byUser.delete(userId);
  }

  private prepare(userId: string, rule: AlertRule): LoadedRule {
    const c = rule.condition;
    const text = 'filter' in c ? c.filter : undefined;
    let filter: FilterExpr | null = null;
    if (text !== undefined) {
      try {
        filter = parseFilter(text);
      } catch (err) {
        this.deps.log.warn({ err, ruleId: rule.id }, 'alert rule filter does not parse; the rule never matches');
      }
    }
    const r: LoadedRule = { userId, rule, filter, silence: null, burst: null, offline: null };
    if (c.kind === 'silence') {
      r.silence = new SilenceWatch(this.deps.clock, c.minutes * MINUTE, (since) => {
        const where = rule.endpointId ? ' on this endpoint' : '';
        const reason = `no events${where} for ${c.minutes} min (the last one before ${new Date(since).toISOString()})`;
        this.enqueue(() => this.fire(r, reason, null));
      });
    }
    if (c.kind === 'burst') r.burst = new BurstWindow(c.count, c.minutes * MINUTE);
    if (c.kind === 'device_offline') r.offline = new OfflineMemory();
    return r;
  }

  private async onEvent(e: NewEventRecord, seq: number) {
    const rules = this.byUser.get(e.userId) ?? [];
    const now = this.deps.clock.now();
    const event = templateEvent(e);
    let filterable: ReturnType<typeof filterableEvent> | null = null;
    const matches = (expr: FilterExpr | null) => {
      filterable ??= filterableEvent(e);
      return expr !== null && compileFilter(expr, { now })(filterable);
    };
    for (const r of rules) {
      if (!inScope(r.rule, e.endpointId)) continue;
      const c = r.rule.condition;
      switch (c.kind) {
        case 'event_matches':
          if (matches(r.filter)) await this.fire(r, `an event on ${e.endpointName} matched ${c.filter}`, event);
          break;
        case 'signature_failed':
          if (e.findings?.signature?.ok === false) {
            const why = e.findings.signature.reason ?? 'no secret gives the received signature';
            await this.fire(r, `signature failed on ${e.endpointName} (${e.findings.signature.scheme}): ${why}`, event);
          }
          break;
        case 'schema_invalid':
          if (e.findings?.schema?.ok === false) {
            const first = e.findings.schema.errors[0];
            const why = first ? `${first.path || '(root)'} ${first.message}` : 'the body does not match';
            await this.fire(r, `schema invalid on ${e.endpointName}: ${why}`, event);
          }
          break;
        case 'silence':
          r.silence?.seen(now);
          break;
        case 'burst':
          if ((c.filter === undefined || matches(r.filter)) && r.burst?.add(now)) {
            const where = r.rule.endpointId ? ` on ${e.endpointName}` : '';
            await this.fire(r, `more than ${c.count} events${where} within ${c.minutes} min`, event);
          }
          break;
        case 'device_offline':
          await this.checkOffline(r, c.minEvents, seq, event);
          break;
        default:
          break;
      }
    }
  }

  private async checkOffline(r: LoadedRule, minEvents: number, lastSeq: number, event: AlertTemplateEvent) {
    for (const device of await this.deps.store.listDevices(r.userId)) {
      if (device.revokedAt !== null) continue;
      if (this.deps.isConnected(device.id)) {
        r.offline?.back(device.id);
        continue;
      }
      const waiting = lastSeq - device.ackedSeq;
      if (waiting >= minEvents && r.offline?.report(device.id)) {
        await this.fire(r, `device "${device.name}" is offline with ${waiting} events waiting for it`, event);
      }
    }
  }

  private async fire(r: LoadedRule, reason: string, event: AlertTemplateEvent | null) {
    // The rule may have been replaced while this evaluation waited its turn.
    const current = this.byUser.get(r.userId)?.find((x) => x.rule.id === r.rule.id);
    if (!current) return;
    await this.deps.firer.fire({ userId: r.userId, rule: current.rule, reason, event });
  }
}

function inScope(rule: AlertRule, endpointId: string): boolean {
  return rule.endpointId === null || rule.endpointId === endpointId;
}
