// The durable queue of webhook tries still owed: written in the same transaction as the
// firing, updated or removed in the same transaction as each try's log entry, so a crash at
// any point leaves either the try to make or its record (at worst one try is sent twice; the
// receiver drops it by webhook-id).

import type Database from 'better-sqlite3';
import { statementCache } from '../store/statement-cache.js';

export interface QueuedAlertTry {
  rowid: number;
  alertId: string;
  ruleId: string;
  actionIndex: number;
  /** The 1-based number of the try this row is. */
  attempt: number;
  dueAt: number;
  url: string;
  method: string;
  headers: [string, string][];
  body: Buffer;
}

interface QueueRow {
  rowid: number;
  alert_id: string;
  rule_id: string;
  action_index: number;
  attempt: number;
  due_at: number;
  url: string;
  method: string;
  headers: string;
  body: Buffer;
}

const toTry = (r: QueueRow): QueuedAlertTry => ({
  rowid: r.rowid,
  alertId: r.alert_id,
  ruleId: r.rule_id,
  actionIndex: r.action_index,
  attempt: r.attempt,
  dueAt: r.due_at,
  url: r.url,
  method: r.method,
  headers: JSON.parse(r.headers) as [string, string][],
  body: r.body,
});

export class AlertQueue {
  private readonly sql;

  constructor(db: Database.Database) {
    this.sql = statementCache(db);
  }

  enqueue(t: Omit<QueuedAlertTry, 'rowid'>) {
    this.sql(
      `INSERT INTO alert_queue (alert_id, rule_id, action_index, attempt, due_at, url, method, headers, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(t.alertId, t.ruleId, t.actionIndex, t.attempt, t.dueAt, t.url, t.method, JSON.stringify(t.headers), t.body);
  }

  /** Tries due by `now`, soonest first, leaving out those already being sent. */
  due(now: number, exclude: ReadonlySet<number>, limit: number): QueuedAlertTry[] {
    const rows = this.sql('SELECT * FROM alert_queue WHERE due_at <= ? ORDER BY due_at, rowid LIMIT ?').all(
      now,
      limit + exclude.size,
    ) as QueueRow[];
    return rows
      .filter((r) => !exclude.has(r.rowid))
      .slice(0, limit)
      .map(toTry);
  }

  /** When the soonest try not being sent is due; null when none is owed. */
  nextDue(exclude: ReadonlySet<number>): number | null {
    const rows = this.sql('SELECT rowid, due_at FROM alert_queue ORDER BY due_at, rowid LIMIT ?').all(
      exclude.size + 1,
    ) as { rowid: number; due_at: number }[];
    return rows.find((r) => !exclude.has(r.rowid))?.due_at ?? null;
  }

  reschedule(rowid: number, attempt: number, dueAt: number) {
    this.sql('UPDATE alert_queue SET attempt = ?, due_at = ? WHERE rowid = ?').run(attempt, dueAt, rowid);
  }

  remove(rowid: number) {
    this.sql('DELETE FROM alert_queue WHERE rowid = ?').run(rowid);
  }

  removeRule(ruleId: string) {
    this.sql('DELETE FROM alert_queue WHERE rule_id = ?').run(ruleId);
  }

  size(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM alert_queue').get() as { n: number }).n;
  }
}
