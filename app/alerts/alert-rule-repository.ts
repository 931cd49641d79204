// Alert rules in the engine's store. The secret column holds the sealed secret only: callers
// seal before a write and open after a read (alert-secrets.ts), since sealing is async.
import type Database from 'better-sqlite3';
import type { AlertAction, AlertCondition, AlertRule } from '../../protocol/alerts/alert-rule.js';

export type RuleSyncState = 'synced' | 'pending' | 'error';

/** A stored rule: the contract's shape with the secret still sealed, plus its relay sync state. */
export interface AlertRuleRecord extends Omit<AlertRule, 'secret'> {
  sealedSecret: string;
  syncState: RuleSyncState;
  syncError: string | null;
}

interface RuleRow {
  id: string;
  name: string;
  enabled: number;
  runs_on: AlertRule['runsOn'];
  endpoint_id: string | null;
  condition: string;
  throttle_ms: number;
  actions: string;
  retry_schedule: string;
  secret: string;
  revision: number;
  state: AlertRule['state'];
  state_reason: string | null;
  last_fired_at: number | null;
  created_at: number;
  updated_at: number;
  sync_state: RuleSyncState;
  sync_error: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

function toRecord(r: RuleRow): AlertRuleRecord {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled === 1,
    runsOn: r.runs_on,
    endpointId: r.endpoint_id,
    condition: JSON.parse(r.condition) as AlertCondition,
    throttleMs: r.throttle_ms,
    actions: JSON.parse(r.actions) as AlertAction[],
    retryScheduleMs: JSON.parse(r.retry_schedule) as number[],
    sealedSecret: r.secret,
    revision: r.revision,
    state: r.state,
    stateReason: r.state_reason,
    lastFiredAt: r.last_fired_at === null ? null : iso(r.last_fired_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    syncState: r.sync_state,
    syncError: r.sync_error,
  };
}

function toRow(r: AlertRuleRecord): RuleRow {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled ? 1 : 0,
    runs_on: r.runsOn,
    endpoint_id: r.endpointId,
    condition: JSON.stringify(r.condition),
    throttle_ms: r.throttleMs,
    actions: JSON.stringify(r.actions),
    retry_schedule: JSON.stringify(r.retryScheduleMs),
    secret: r.sealedSecret,
    revision: r.revision,
    state: r.state,
    state_reason: r.stateReason,
    last_fired_at: r.lastFiredAt === null ? null : Date.parse(r.lastFiredAt),
    created_at: Date.parse(r.createdAt),
    updated_at: Date.parse(r.updatedAt),
    sync_state: r.syncState,
    sync_error: r.syncError,
  };
}

const COLUMNS = [
  'id',
  'name',
  'enabled',
  'runs_on',
  'endpoint_id',
  'condition',
  'throttle_ms',
  'actions',
  'retry_schedule',
  'secret',
  'revision',
  'state',
  'state_reason',
  'last_fired_at',
  'created_at',
  'updated_at',
  'sync_state',
  'sync_error',
];

export class AlertRuleRepository {
  private readonly upsertStmt;
  constructor(private readonly db: Database.Database) {
    this.upsertStmt = db.prepare(
      `INSERT OR REPLACE INTO alert_rules (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
  }

  list(): AlertRuleRecord[] {
    return (this.db.prepare('SELECT * FROM alert_rules ORDER BY created_at, id').all() as RuleRow[]).map(toRecord);
  }

  get(id: string): AlertRuleRecord | null {
    const row = this.db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as RuleRow | undefined;
    return row ? toRecord(row) : null;
  }

  byName(name: string): AlertRuleRecord | null {
    const row = this.db.prepare('SELECT * FROM alert_rules WHERE name = ?').get(name) as RuleRow | undefined;
    return row ? toRecord(row) : null;
  }

  save(rule: AlertRuleRecord) {
    this.upsertStmt.run(toRow(rule));
  }

  delete(id: string) {
    this.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id);
  }

  setLastFired(id: string, at: number) {
    this.db.prepare('UPDATE alert_rules SET last_fired_at = ? WHERE id = ?').run(at, id);
  }
}
