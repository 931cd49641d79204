// Alert rules: create, change, delete, with the checks beyond the schema, the secret made and
// sealed here, and relay rules pushed to the relay (kept 'pending' while it cannot be reached).
import { type AlertRule, type AlertRuleFields, DEFAULT_RETRY_SCHEDULE_MS } from '../../protocol/alerts/alert-rule.js';
import { DesktopApiError, type DesktopParams } from '../../protocol/desktop-api.js';
import { newId } from '../../protocol/ids.js';
import type { EngineStore } from '../store/engine-store.js';
import { checkAlertRule } from './alert-rule-checks.js';
import { type AlertRuleRecord, AlertRuleRepository } from './alert-rule-repository.js';
import { type AlertSecrets, newAlertSecret } from './alert-secrets.js';
import type { RelayRulePush } from './relay-rule-push.js';

export type NewAlertRule = DesktopParams<'alerts.create'>;
export type AlertRuleChange = DesktopParams<'alerts.update'>;
type Fields = { [K in keyof typeof AlertRuleFields]: AlertRule[K] };

export class AlertRules {
  readonly repo: AlertRuleRepository;
  /** Rules with the secrets opened, kept for the evaluator's hot path; refreshed on each change. */
  private cache: AlertRule[] = [];

  private readonly pendingDeletes: PendingDeletes;

  constructor(
    private readonly deps: {
      store: EngineStore;
      secrets: AlertSecrets;
      now: () => number;
      relay: () => RelayRulePush | null;
      /** Told after every change, with every rule. */
      changed: (rules: AlertRule[]) => void;
      log: (message: string) => void;
    },
  ) {
    this.repo = new AlertRuleRepository(deps.store.db);
    this.pendingDeletes = new PendingDeletes(deps.store);
  }

  /** Opens every stored rule's secret; call once before use. */
  async load() {
    this.cache = await Promise.all(this.repo.list().map((r) => this.open(r)));
  }

  all(): readonly AlertRule[] {
    return this.cache;
  }

  find(id: string): AlertRule {
    const rule = this.cache.find((r) => r.id === id);
    if (!rule) throw new DesktopApiError('not_found', `no alert rule ${id}`);
    return rule;
  }

  async create(input: NewAlertRule): Promise<AlertRule> {
    const fields: Fields = {
      ...input,
      enabled: input.enabled ?? true,
      endpointId: input.endpointId ?? null,
      throttleMs: input.throttleMs ?? 0,
      retryScheduleMs: input.retryScheduleMs ?? [...DEFAULT_RETRY_SCHEDULE_MS],
    };
    this.check(fields);
    const now = new Date(this.deps.now()).toISOString();
    const id = newId('alr', this.deps.now());
    const record: AlertRuleRecord = {
      ...fields,
      id,
      sealedSecret: await this.deps.secrets.seal(id, newAlertSecret()),
      revision: 1,
      state: 'ok',
      stateReason: null,
      lastFiredAt: null,
      createdAt: now,
      updatedAt: now,
      syncState: fields.runsOn === 'relay' ? 'pending' : 'synced',
      syncError: null,
    };
    this.repo.save(record);
    return this.afterChange(record.id, fields.runsOn === 'relay');
  }

  async update(change: AlertRuleChange): Promise<AlertRule> {
    const current = this.repo.get(change.id);
    if (!current) throw new DesktopApiError('not_found', `no alert rule ${change.id}`);
    const { id, regenerateSecret, ...patch } = change;
    const fields: Fields = { ...pickFields(current), ...definedOnly(patch) };
    this.check(fields, id);
    const reenabled = patch.enabled === true && current.state === 'disabled_gone';
    const record: AlertRuleRecord = {
      ...current,
      ...fields,
      sealedSecret: regenerateSecret ? await this.deps.secrets.seal(id, newAlertSecret()) : current.sealedSecret,
      revision: current.revision + 1,
      // Switching a rule back on after a 410 is the owner saying the receiver is back.
      ...(reenabled ? { state: 'ok' as const, stateReason: null } : {}),
      updatedAt: new Date(this.deps.now()).toISOString(),
      syncState: fields.runsOn === 'relay' ? 'pending' : 'synced',
      syncError: null,
    };
    this.repo.save(record);
    // Moved off the relay: the relay must stop evaluating it.
    if (current.runsOn === 'relay' && fields.runsOn !== 'relay') await this.removeFromRelay(id);
    return this.afterChange(id, fields.runsOn === 'relay');
  }

  async delete(id: string) {
    const current = this.repo.get(id);
    if (!current) throw new DesktopApiError('not_found', `no alert rule ${id}`);
    this.deps.store.transaction(() => this.repo.delete(id));
    this.deps.secrets.forget(id);
    if (current.runsOn === 'relay') {
      // Kept until the relay confirms, so a delete made offline still reaches it.
      this.pendingDeletes.add(id);
      await this.removeFromRelay(id);
    }
    this.cache = this.cache.filter((r) => r.id !== id);
    this.deps.changed(this.cache.slice());
  }

  /** A webhook answered 410: the rule is switched off and says why. */
  async disableGone(id: string, reason: string) {
    const current = this.repo.get(id);
    if (!current) return;
    this.repo.save({
      ...current,
      enabled: false,
      state: 'disabled_gone',
      stateReason: reason,
      revision: current.revision + 1,
      updatedAt: new Date(this.deps.now()).toISOString(),
    });
    await this.afterChange(id, false);
  }

  markFired(id: string, at: number) {
    this.repo.setLastFired(id, at);
    const i = this.cache.findIndex((r) => r.id === id);
    if (i >= 0) this.cache[i] = { ...this.cache[i]!, lastFiredAt: new Date(at).toISOString() };
  }

  /** Pushes relay rules still pending (after a reconnect, or once a client is there). */
  async pushPending() {
    for (const id of [...this.pendingDeletes.ids()]) await this.removeFromRelay(id);
    for (const record of this.repo.list()) {
      if (record.runsOn === 'relay' && record.syncState !== 'synced') await this.push(record.id);
    }
    await this.pullRelayState();
  }

  /**
   * What only the relay changes on its copies: a rule it switched off after a 410 (with a newer
   * revision, so the desktop's next edit is not stale) and when it last fired.
   */
  pullRelayState(): Promise<void> {
    // Callers at the same moment (the UI lists on every alert) share one read of the relay.
    this.pulling ??= this.pullOnce().finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  private pulling: Promise<void> | null = null;

  private async pullOnce() {
    const relay = this.deps.relay();
    if (!relay) return;
    let remote: AlertRule[];
    try {
      remote = await relay.list();
    } catch (err) {
      this.deps.log(`reading alert rules from the relay failed: ${String(err)}`);
      return;
    }
    let changed = false;
    for (const theirs of remote) {
      const ours = this.repo.get(theirs.id);
      if (ours?.runsOn !== 'relay' || ours.syncState !== 'synced') continue;
      const newer = theirs.revision > ours.revision;
      const firedLater = theirs.lastFiredAt !== null && (ours.lastFiredAt ?? '') < theirs.lastFiredAt;
      if (!newer && !firedLater) continue;
      this.repo.save({
        ...ours,
        ...(newer
          ? { enabled: theirs.enabled, state: theirs.state, stateReason: theirs.stateReason, revision: theirs.revision }
          : {}),
        lastFiredAt: firedLater ? theirs.lastFiredAt : ours.lastFiredAt,
      });
      const i = this.cache.findIndex((r) => r.id === theirs.id);
      if (i >= 0) this.cache[i] = await this.open(this.repo.get(theirs.id)!);
      changed = true;
    }
    if (changed) this.deps.changed(this.cache.slice());
  }

  syncState(id: string) {
    const r = this.repo.get(id);
    return r ? { state: r.syncState, error: r.syncError } : null;
  }

  private check(fields: Fields, self?: string) {
    checkAlertRule(fields);
    if (fields.endpointId !== null) {
      const endpoint = this.deps.store.endpoints.get(fields.endpointId);
      if (!endpoint || endpoint.deleted)
        throw new DesktopApiError('invalid_params', `no endpoint ${fields.endpointId}`);
    }
    const other = this.repo.byName(fields.name);
    if (other && other.id !== self)
      throw new DesktopApiError('conflict', `an alert rule named "${fields.name}" exists`);
  }

  private async afterChange(id: string, push: boolean): Promise<AlertRule> {
    if (push) await this.push(id);
    const record = this.repo.get(id)!;
    const rule = await this.open(record);
    const i = this.cache.findIndex((r) => r.id === id);
    if (i >= 0) this.cache[i] = rule;
    else this.cache.push(rule);
    this.deps.changed(this.cache.slice());
    return rule;
  }

  private async push(id: string) {
    const relay = this.deps.relay();
    const record = this.repo.get(id);
    if (!relay || !record) return;
    try {
      await relay.put(await this.open(record));
      this.setSync(id, 'synced', null);
    } catch (err) {
      this.deps.log(`pushing alert rule ${record.name} to the relay failed: ${String(err)}`);
      this.setSync(id, 'pending', err instanceof Error ? err.message : String(err));
    }
  }

  private setSync(id: string, state: AlertRuleRecord['syncState'], error: string | null) {
    const record = this.repo.get(id);
    if (record) this.repo.save({ ...record, syncState: state, syncError: error });
  }

  private async removeFromRelay(id: string) {
    const relay = this.deps.relay();
    if (!relay) return;
    try {
      await relay.remove(id);
      this.pendingDeletes.delete(id);
    } catch (err) {
      this.deps.log(`removing alert rule ${id} from the relay: ${err}; tried again on the next connect`);
    }
  }

  private async open(r: AlertRuleRecord): Promise<AlertRule> {
    const { sealedSecret, syncState: _s, syncError: _e, ...rest } = r;
    return { ...rest, secret: await this.deps.secrets.open(r.id, sealedSecret) };
  }
}

function pickFields(r: AlertRuleRecord): Fields {
  const { name, enabled, runsOn, endpointId, condition, throttleMs, actions, retryScheduleMs } = r;
  return { name, enabled, runsOn, endpointId, condition, throttleMs, actions, retryScheduleMs };
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Relay rules deleted here that the relay has not confirmed removing, kept in the settings table. */
class PendingDeletes {
  private static readonly KEY = 'alerts.pendingRelayDeletes';
  constructor(private readonly store: EngineStore) {}
  ids(): string[] {
    return this.store.settings.get<string[]>(PendingDeletes.KEY) ?? [];
  }
  add(id: string) {
    this.store.settings.set(PendingDeletes.KEY, [...new Set([...this.ids(), id])]);
  }
  delete(id: string) {
    this.store.settings.set(
      PendingDeletes.KEY,
      this.ids().filter((x) => x !== id),
    );
  }
}
