// Desktop rules against what happens in the engine: events committed from the relay (matches,
// door findings, silence, burst), forward and replay outcomes, the relay connection. Does
// nothing at all when no desktop rule is enabled, so the ingest path pays only a length check.

import type { AlertClock } from '../../protocol/alerts/alert-clock.js';
import type { AlertRule } from '../../protocol/alerts/alert-rule.js';
import type { ForwardAttempt, RelayStatus } from '../../protocol/desktop-api.js';
import type { FilterExpr } from '../../protocol/filter/filter-ast.js';
import { compileFilter, type FilterMatcher } from '../../protocol/filter/filter-evaluator.js';
import { parseFilter } from '../../protocol/filter/filter-parser.js';
import type { FilterableEvent } from '../../protocol/filter/filterable-event.js';
import type { StoredEvent } from '../store/event-records.js';
import { toFilterableEvent } from '../store/filterable-stored-event.js';
import { attemptReason, eventReason } from './alert-conditions.js';
import { conditionFilter } from './alert-rule-checks.js';
import { AlertWatchers } from './alert-watchers.js';

const EVENT_KINDS = new Set(['event_matches', 'signature_failed', 'schema_invalid', 'burst']);
const ATTEMPT_KINDS = new Set(['forward_failed', 'replay_failed']);

export class AlertEvaluator {
  private eventRules: AlertRule[] = [];
  private attemptRules: AlertRule[] = [];
  private watchSilence = false;
  /** Parsed filters by text: parsing once per rule change, compiling once per batch (relative times). */
  private readonly parsed = new Map<string, FilterExpr>();
  readonly watchers: AlertWatchers;

  constructor(
    private readonly deps: {
      clock: AlertClock;
      rules: () => readonly AlertRule[];
      fire: (rule: AlertRule, reason: string, event: StoredEvent | null) => void;
      event: (id: string) => StoredEvent | null;
      endpointName: (id: string) => string | null;
    },
  ) {
    this.watchers = new AlertWatchers({
      clock: deps.clock,
      rules: deps.rules,
      fire: (rule, reason) => deps.fire(rule, reason, null),
      endpointName: deps.endpointName,
    });
  }

  rulesChanged() {
    const active = this.deps.rules().filter((r) => r.enabled && r.runsOn === 'desktop');
    this.eventRules = active.filter((r) => EVENT_KINDS.has(r.condition.kind));
    this.attemptRules = active.filter((r) => ATTEMPT_KINDS.has(r.condition.kind));
    this.watchSilence = active.some((r) => r.condition.kind === 'silence');
    this.parsed.clear();
    for (const rule of this.eventRules) {
      const filter = conditionFilter(rule.condition);
      if (filter !== undefined) this.parsed.set(filter, parseFilter(filter));
    }
    this.watchers.rulesChanged();
  }

  stop() {
    this.watchers.stop();
  }

  /** After a relay batch is committed. */
  eventsCommitted(events: readonly StoredEvent[]) {
    if (events.length === 0) return;
    if (this.watchSilence) this.watchers.sawEvents(new Set(events.map((e) => e.endpointId)));
    if (this.eventRules.length === 0) return;
    const now = this.deps.clock.now();
    const compiled = new Map<string, FilterMatcher>();
    const matcher = (filter: string) => {
      let m = compiled.get(filter);
      if (!m) {
        m = compileFilter(this.parsed.get(filter) ?? parseFilter(filter), { now });
        compiled.set(filter, m);
      }
      return m;
    };
    for (const event of events) {
      let filterable: FilterableEvent | null = null;
      const matches = (filter: string) => {
        filterable ??= toFilterableEvent(event);
        return matcher(filter)(filterable);
      };
      for (const rule of this.eventRules) {
        if (rule.endpointId !== null && rule.endpointId !== event.endpointId) continue;
        if (rule.condition.kind === 'burst') {
          const filter = rule.condition.filter;
          if (filter !== undefined && !matches(filter)) continue;
          const reason = this.watchers.burst(rule);
          if (reason) this.deps.fire(rule, reason, event);
          continue;
        }
        const reason = eventReason(rule.condition, event, matches);
        if (reason) this.deps.fire(rule, reason, event);
      }
    }
  }

  /** After a forward or replay attempt is stored. */
  attemptRecorded(attempt: ForwardAttempt) {
    if (this.attemptRules.length === 0) return;
    // Most attempts succeed: only a failure is worth reading the event for.
    if (attempt.error === null && attempt.status !== null && attempt.status >= 200 && attempt.status < 300) return;
    const event = this.deps.event(attempt.eventId);
    if (!event) return;
    for (const rule of this.attemptRules) {
      if (rule.endpointId !== null && rule.endpointId !== event.endpointId) continue;
      const reason = attemptReason(rule.condition, attempt, event);
      if (reason) this.deps.fire(rule, reason, event);
    }
  }

  relayStatus(status: RelayStatus) {
    this.watchers.relayStatus(status);
  }
}
