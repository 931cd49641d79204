// What fired and every webhook try, newest first. Response bodies arrive already capped
// (webhook-try.ts keeps ALERT_RESPONSE_LOG_BYTES).

import type Database from 'better-sqlite3';
import type { AlertAttempt, AlertFiring } from '../../protocol/alerts/alert-rule.js';
import { statementCache } from '../store/statement-cache.js';

interface FiringRow {
  id: string;
  rule_id: string;
  rule_name: string;
  fired_at: number;
  reason: string;
  event_id: string | null;
  suppressed: number;
  test: number;
}

interface AttemptRow {
  id: string;
  alert_id: string;
  rule_id: string;
  action_index: number;
  attempt: number;
  started_at: number;
  duration_ms: number;
  status: number | null;
  error: string | null;
  response_body: string;
  next_attempt_at: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class AlertLogRepository {
  private readonly sql;

  constructor(db: Database.Database) {
    this.sql = statementCache(db);
  }

  insertFiring(f: AlertFiring) {
    this.sql(
      `INSERT INTO alert_firings (id, rule_id, rule_name, fired_at, reason, event_id, suppressed, test)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(f.id, f.ruleId, f.ruleName, Date.parse(f.firedAt), f.reason, f.eventId, f.suppressed, f.test ? 1 : 0);
  }

  insertAttempt(a: AlertAttempt) {
    this.sql(
      `INSERT INTO alert_attempts (id, alert_id, rule_id, action_index, attempt, started_at, duration_ms, status,
           error, response_body, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      a.id,
      a.alertId,
      a.ruleId,
      a.actionIndex,
      a.attempt,
      Date.parse(a.startedAt),
      a.durationMs,
      a.status,
      a.error,
      a.responseBody,
      a.nextAttemptAt === null ? null : Date.parse(a.nextAttemptAt),
    );
  }

  firing(id: string): AlertFiring | null {
    const row = this.sql('SELECT * FROM alert_firings WHERE id = ?').get(id) as FiringRow | undefined;
    return row ? toFiring(row) : null;
  }

  firings(ruleId: string | undefined, limit: number): AlertFiring[] {
    const rows = (
      ruleId === undefined
        ? this.sql('SELECT * FROM alert_firings ORDER BY rowid DESC LIMIT ?').all(limit)
        : this.sql('SELECT * FROM alert_firings WHERE rule_id = ? ORDER BY rowid DESC LIMIT ?').all(ruleId, limit)
    ) as FiringRow[];
    return rows.map(toFiring);
  }

  attempts(ruleId: string | undefined, limit: number): AlertAttempt[] {
    const rows = (
      ruleId === undefined
        ? this.sql('SELECT * FROM alert_attempts ORDER BY rowid DESC LIMIT ?').all(limit)
        : this.sql('SELECT * FROM alert_attempts WHERE rule_id = ? ORDER BY rowid DESC LIMIT ?').all(ruleId, limit)
    ) as AttemptRow[];
    return rows.map(toAttempt);
  }

  /** A deleted rule takes its log with it. */
  deleteRule(ruleId: string) {
    this.sql('DELETE FROM alert_firings WHERE rule_id = ?').run(ruleId);
    this.sql('DELETE FROM alert_attempts WHERE rule_id = ?').run(ruleId);
  }
}

function toFiring(r: FiringRow): AlertFiring {
  return {
    id: r.id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    firedAt: iso(r.fired_at),
    reason: r.reason,
    eventId: r.event_id,
    suppressed: r.suppressed,
    test: r.test === 1,
  };
}

function toAttempt(r: AttemptRow): AlertAttempt {
  return {
    id: r.id,
    alertId: r.alert_id,
    ruleId: r.rule_id,
    actionIndex: r.action_index,
    attempt: r.attempt,
    startedAt: iso(r.started_at),
    durationMs: r.duration_ms,
    status: r.status,
    error: r.error,
    responseBody: r.response_body,
    nextAttemptAt: r.next_attempt_at === null ? null : iso(r.next_attempt_at),
  };
}
