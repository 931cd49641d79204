// The time-shaped desktop conditions, each on the injectable clock: silence (no event on the
// rule's endpoint, or any, for N minutes), relay unreachable (not connected for N minutes) and
// burst (more than N matching events within M minutes). Each fires once per stretch: silence
// again only after an event broke it, relay unreachable after the relay was back.

import type { AlertClock } from '../../protocol/alerts/alert-clock.js';
import type { AlertRule } from '../../protocol/alerts/alert-rule.js';
import type { RelayStatus } from '../../protocol/desktop-api.js';

const MINUTE = 60_000;
type Fire = (rule: AlertRule, reason: string) => void;

export class AlertWatchers {
  private readonly lastEvent = new Map<string | null, number>();
  /** Per silence rule: its timer (null once it fired for the current stretch), and the version it watches. */
  private readonly silence = new Map<string, { cancel: (() => void) | null; version: string }>();
  private relayDownSince: number | null = null;
  private relayUrl: string | null = null;
  private relayLastError: string | null = null;
  private readonly unreachable = new Map<string, { cancel: () => void; version: string }>();
  private readonly bursts = new Map<string, number[]>();
  private readonly startedAt: number;

  constructor(
    private readonly deps: {
      clock: AlertClock;
      rules: () => readonly AlertRule[];
      fire: Fire;
      endpointName: (id: string) => string | null;
    },
  ) {
    this.startedAt = deps.clock.now();
  }

  /** Rules changed: timers follow the enabled desktop rules. */
  rulesChanged() {
    const rules = this.active();
    const ids = new Set(rules.map((r) => r.id));
    for (const [id, s] of this.silence) {
      if (ids.has(id)) continue;
      s.cancel?.();
      this.silence.delete(id);
    }
    for (const [id, u] of this.unreachable) {
      if (ids.has(id)) continue;
      u.cancel();
      this.unreachable.delete(id);
    }
    for (const id of this.bursts.keys()) if (!ids.has(id)) this.bursts.delete(id);
    // Only a rule that is new or was edited starts over; the others keep their stretch.
    for (const rule of rules) {
      const version = `${rule.revision}`;
      if (rule.condition.kind === 'silence' && this.silence.get(rule.id)?.version !== version) {
        this.silence.get(rule.id)?.cancel?.();
        this.armSilence(rule);
      } else if (rule.condition.kind === 'relay_unreachable' && this.unreachable.get(rule.id)?.version !== version) {
        this.unreachable.get(rule.id)?.cancel();
        this.unreachable.delete(rule.id);
        this.armUnreachable(rule);
      }
    }
  }

  stop() {
    for (const s of this.silence.values()) s.cancel?.();
    for (const u of this.unreachable.values()) u.cancel();
    this.silence.clear();
    this.unreachable.clear();
  }

  /** Events arrived (relay commits); only called when some desktop rule is enabled. */
  sawEvents(endpointIds: Iterable<string>) {
    const now = this.deps.clock.now();
    for (const id of endpointIds) this.lastEvent.set(id, now);
    this.lastEvent.set(null, now);
    // Silence rules that fired wait for an event to start a new stretch.
    for (const rule of this.active()) {
      if (rule.condition.kind !== 'silence' || this.silence.get(rule.id)?.cancel) continue;
      this.silence.delete(rule.id);
      this.armSilence(rule);
    }
  }

  /** A matching event for a burst rule; returns the reason when it makes more than N in the window. */
  burst(rule: AlertRule): string | null {
    if (rule.condition.kind !== 'burst') return null;
    const { count, minutes } = rule.condition;
    const now = this.deps.clock.now();
    const times = this.bursts.get(rule.id) ?? [];
    times.push(now);
    while (times.length > 0 && times[0]! <= now - minutes * MINUTE) times.shift();
    if (times.length <= count) {
      this.bursts.set(rule.id, times);
      return null;
    }
    // A new burst must be counted from scratch.
    this.bursts.set(rule.id, []);
    const filter = rule.condition.filter ? ` matching ${JSON.stringify(rule.condition.filter)}` : '';
    return `${times.length} events${filter} on ${this.scope(rule)} within ${minutes} minutes (more than ${count})`;
  }

  relayStatus(status: RelayStatus) {
    if (status.state === 'connected' || status.state === 'unpaired') {
      this.relayDownSince = null;
      this.relayLastError = null;
      for (const u of this.unreachable.values()) u.cancel();
      this.unreachable.clear();
      return;
    }
    this.relayLastError = status.lastError ?? this.relayLastError;
    this.relayUrl = status.relayUrl;
    if (this.relayDownSince !== null) return;
    this.relayDownSince = this.deps.clock.now();
    for (const rule of this.active()) if (rule.condition.kind === 'relay_unreachable') this.armUnreachable(rule);
  }

  private active() {
    return this.deps.rules().filter((r) => r.enabled && r.runsOn === 'desktop');
  }

  private scope(rule: AlertRule) {
    if (rule.endpointId === null) return 'any endpoint';
    return `"${this.deps.endpointName(rule.endpointId) ?? rule.endpointId}"`;
  }

  private armSilence(rule: AlertRule) {
    if (rule.condition.kind !== 'silence') return;
    const span = rule.condition.minutes * MINUTE;
    // Counted from the last event, or from when this engine or the rule started watching.
    const since = () =>
      Math.max(this.lastEvent.get(rule.endpointId) ?? 0, this.startedAt, Date.parse(rule.updatedAt) || 0);
    const state = { cancel: null as (() => void) | null, version: `${rule.revision}` };
    const check = () => {
      state.cancel = null;
      const from = since();
      if (this.deps.clock.now() - from >= span) {
        const minutes = (rule.condition as { minutes: number }).minutes;
        this.deps.fire(rule, `no event on ${this.scope(rule)} for ${minutes} minutes`);
        return;
      }
      state.cancel = this.deps.clock.at(from + span, check);
    };
    state.cancel = this.deps.clock.at(since() + span, check);
    this.silence.set(rule.id, state);
  }

  private armUnreachable(rule: AlertRule) {
    if (rule.condition.kind !== 'relay_unreachable' || this.relayDownSince === null) return;
    const minutes = rule.condition.minutes;
    const version = `${rule.revision}`;
    const cancel = this.deps.clock.at(this.relayDownSince + minutes * MINUTE, () => {
      // Stays in the map (as a no-op) so this outage does not fire the rule twice.
      this.unreachable.set(rule.id, { cancel: () => {}, version });
      const relay = this.relayUrl ? `the relay at ${this.relayUrl}` : 'the relay';
      const error = this.relayLastError ? ` (last error: ${this.relayLastError})` : '';
      this.deps.fire(rule, `${relay} has been unreachable for ${minutes} minutes${error}`);
    });
    this.unreachable.set(rule.id, { cancel, version });
  }
}
