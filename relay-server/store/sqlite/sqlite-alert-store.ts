// RelayAlertStore on the relay's SQLite connection. Rule secrets are sealed under the master
// key before a write (async, so outside the transaction) and opened after a read, remembered
// per sealed text so evaluation does not decrypt on every event.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AlertAttempt, AlertFiring, AlertRule } from '../../../protocol/alerts/alert-rule.js';
import type { SecretBox } from '../../../protocol/crypto/secret-box.js';
import type { PutAlertRuleResult, QueuedAlertTry, RelayAlertStore, StoredAlertRule } from '../alert-store.js';

interface RuleRow {
  id: string;
  user_id: string;
  rule: string;
  secret: string;
  fingerprint: string;
  revision: number;
  state: AlertRule['state'];
  state_reason: string | null;
  last_fired_at: number | null;
  created_at: string;
  updated_at: string;
}

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

interface QueueRow {
  alert_id: string;
  action_index: number;
  rule_id: string;
  user_id: string;
  attempt: number;
  due_at: number;
  url: string;
  method: string;
  headers: string;
  body: Buffer;
}

/** Firings kept per rule; older ones and their attempts go when a new one is logged. */
const LOG_PER_RULE = 500;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const secretLabel = (id: string) => `alert-rule:${id}:secret`;

/** The user's part of a rule, with the secret: equal fingerprints mean the same rule. */
function fingerprint(rule: AlertRule): string {
  const { id, name, enabled, runsOn, endpointId, condition, throttleMs, actions, retryScheduleMs, secret } = rule;
  const fields = { id, name, enabled, runsOn, endpointId, condition, throttleMs, actions, retryScheduleMs, secret };
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export class SqliteAlertStore implements RelayAlertStore {
  private box: SecretBox | null = null;
  private readonly opened = new Map<string, string>();
  private readonly s;

  constructor(private readonly db: Database.Database) {
    const p = <T = unknown>(sql: string) => db.prepare<unknown[], T>(sql);
    this.s = {
      all: p<RuleRow>('SELECT * FROM alert_rules ORDER BY created_at, id'),
      ofUser: p<RuleRow>('SELECT * FROM alert_rules WHERE user_id = ? ORDER BY created_at, id'),
      byId: p<RuleRow>('SELECT * FROM alert_rules WHERE id = ?'),
      insert: p(
        `INSERT INTO alert_rules (id, user_id, rule, secret, fingerprint, revision, state, state_reason, last_fired_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
      ),
      update: p(
        `UPDATE alert_rules SET rule = ?, secret = ?, fingerprint = ?, revision = ?, state = ?, state_reason = ?, updated_at = ?
         WHERE id = ? AND user_id = ?`,
      ),
      remove: p('DELETE FROM alert_rules WHERE id = ? AND user_id = ?'),
      gone: p(
        `UPDATE alert_rules SET state = 'disabled_gone', state_reason = ?, revision = revision + 1, updated_at = ?,
           rule = json_set(rule, '$.enabled', json('false'))
         WHERE id = ? AND user_id = ?`,
      ),
      fired: p('UPDATE alert_rules SET last_fired_at = ? WHERE id = ?'),
      dropQueue: p('DELETE FROM alert_queue WHERE rule_id = ?'),
      insertFiring: p(
        `INSERT INTO alert_firings (id, user_id, rule_id, rule_name, fired_at, reason, event_id, suppressed, test)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      pruneFirings: p(
        `DELETE FROM alert_firings WHERE rule_id = ? AND id NOT IN (
           SELECT id FROM alert_firings WHERE rule_id = ? ORDER BY fired_at DESC, id DESC LIMIT ${LOG_PER_RULE})`,
      ),
      pruneAttempts: p(
        'DELETE FROM alert_attempts WHERE rule_id = ? AND alert_id NOT IN (SELECT id FROM alert_firings WHERE rule_id = ?)',
      ),
      enqueue: p(
        `INSERT OR REPLACE INTO alert_queue (alert_id, action_index, rule_id, user_id, attempt, due_at, url, method, headers, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      due: p<QueueRow>('SELECT * FROM alert_queue WHERE due_at <= ? ORDER BY due_at, alert_id LIMIT ?'),
      nextDue: p<{ due: number | null }>('SELECT MIN(due_at) AS due FROM alert_queue'),
      reschedule: p('UPDATE alert_queue SET attempt = ?, due_at = ? WHERE alert_id = ? AND action_index = ?'),
      dequeue: p('DELETE FROM alert_queue WHERE alert_id = ? AND action_index = ?'),
      insertAttempt: p(
        `INSERT INTO alert_attempts (id, alert_id, rule_id, action_index, attempt, started_at, duration_ms, status, error, response_body, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      firingsOfUser: p<FiringRow>(
        'SELECT * FROM alert_firings WHERE user_id = ? ORDER BY fired_at DESC, id DESC LIMIT ?',
      ),
      firingsOfRule: p<FiringRow>(
        'SELECT * FROM alert_firings WHERE user_id = ? AND rule_id = ? ORDER BY fired_at DESC, id DESC LIMIT ?',
      ),
      attemptsOf: p<AttemptRow>('SELECT * FROM alert_attempts WHERE alert_id = ? ORDER BY started_at, attempt'),
    };
  }

  /** Rule secrets are sealed under this box (the master key); set at start-up. */
  setSecretBox(box: SecretBox): void {
    this.box = box;
    this.opened.clear();
  }

  private secrets(): SecretBox {
    if (!this.box) throw new Error('the relay store has no secret box: alert rules cannot be read or written');
    return this.box;
  }

  private async open(row: RuleRow): Promise<AlertRule> {
    const cacheKey = `${row.id}\n${row.secret}`;
    let secret = this.opened.get(cacheKey);
    if (secret === undefined) {
      secret = await this.secrets().open(row.secret, secretLabel(row.id));
      if (this.opened.size > 10_000) this.opened.clear();
      this.opened.set(cacheKey, secret);
    }
    const stored = JSON.parse(row.rule) as Omit<AlertRule, 'secret'>;
    return {
      ...stored,
      secret,
      revision: row.revision,
      state: row.state,
      stateReason: row.state_reason,
      lastFiredAt: iso(row.last_fired_at),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async listAlertRules(userId?: string): Promise<StoredAlertRule[]> {
    const rows = userId === undefined ? this.s.all.all() : this.s.ofUser.all(userId);
    return Promise.all(rows.map(async (r) => ({ userId: r.user_id, rule: await this.open(r) })));
  }

  async getAlertRule(userId: string, id: string): Promise<AlertRule | null> {
    const row = this.s.byId.get(id);
    return row && row.user_id === userId ? this.open(row) : null;
  }

  async putAlertRule(userId: string, rule: AlertRule): Promise<PutAlertRuleResult> {
    const sealed = await this.secrets().seal(rule.secret, secretLabel(rule.id));
    const print = fingerprint(rule);
    const { secret: _secret, lastFiredAt: _fired, ...plain } = rule;
    const text = JSON.stringify(plain);
    type Outcome = { kind: 'created' | 'updated' | 'same' } | { kind: 'conflict'; row: RuleRow } | { kind: 'id_taken' };
    const outcome = this.db
      .transaction((): Outcome => {
        const row = this.s.byId.get(rule.id);
        if (!row) {
          this.s.insert.run(
            rule.id,
            userId,
            text,
            sealed,
            print,
            rule.revision,
            rule.state,
            rule.stateReason,
            rule.createdAt,
            rule.updatedAt,
          );
          return { kind: 'created' };
        }
        if (row.user_id !== userId) return { kind: 'id_taken' };
        if (row.revision === rule.revision && row.fingerprint === print) return { kind: 'same' };
        if (row.revision >= rule.revision) return { kind: 'conflict', row };
        this.s.update.run(
          text,
          sealed,
          print,
          rule.revision,
          rule.state,
          rule.stateReason,
          rule.updatedAt,
          rule.id,
          userId,
        );
        // A disabled rule owes nothing more.
        if (!rule.enabled) this.s.dropQueue.run(rule.id);
        return { kind: 'updated' };
      })
      .immediate();
    if (outcome.kind === 'id_taken') return { ok: false, reason: 'id_taken' };
    if (outcome.kind === 'conflict') return { ok: false, reason: 'conflict', current: await this.open(outcome.row) };
    const stored = (await this.getAlertRule(userId, rule.id))!;
    return { ok: true, created: outcome.kind === 'created', rule: stored };
  }

  async deleteAlertRule(userId: string, id: string): Promise<boolean> {
    return this.db.transaction(() => {
      const removed = this.s.remove.run(id, userId).changes === 1;
      if (removed) this.s.dropQueue.run(id);
      return removed;
    })();
  }

  async markAlertRuleGone(userId: string, id: string, reason: string, now: number): Promise<AlertRule | null> {
    const changed = this.db.transaction(() => {
      const n = this.s.gone.run(reason, new Date(now).toISOString(), id, userId).changes;
      if (n === 1) this.s.dropQueue.run(id);
      return n === 1;
    })();
    return changed ? this.getAlertRule(userId, id) : null;
  }

  async recordAlertFiring(userId: string, f: AlertFiring, tries: QueuedAlertTry[]): Promise<void> {
    const firedAt = Date.parse(f.firedAt);
    this.db.transaction(() => {
      this.s.insertFiring.run(
        f.id,
        userId,
        f.ruleId,
        f.ruleName,
        firedAt,
        f.reason,
        f.eventId,
        f.suppressed,
        f.test ? 1 : 0,
      );
      this.s.fired.run(firedAt, f.ruleId);
      for (const t of tries) {
        this.s.enqueue.run(
          t.alertId,
          t.actionIndex,
          t.ruleId,
          t.userId,
          t.attempt,
          t.dueAt,
          t.url,
          t.method,
          JSON.stringify(t.headers),
          t.body,
        );
      }
      this.s.pruneFirings.run(f.ruleId, f.ruleId);
      this.s.pruneAttempts.run(f.ruleId, f.ruleId);
    })();
  }

  async dueAlertTries(now: number, limit: number): Promise<QueuedAlertTry[]> {
    return this.s.due.all(now, limit).map((r) => ({
      alertId: r.alert_id,
      actionIndex: r.action_index,
      ruleId: r.rule_id,
      userId: r.user_id,
      attempt: r.attempt,
      dueAt: r.due_at,
      url: r.url,
      method: r.method,
      headers: JSON.parse(r.headers) as [string, string][],
      body: r.body,
    }));
  }

  async nextAlertTryAt(): Promise<number | null> {
    return this.s.nextDue.get()?.due ?? null;
  }

  async finishAlertTry(
    done: QueuedAlertTry,
    a: AlertAttempt,
    next: { attempt: number; dueAt: number } | null,
  ): Promise<void> {
    this.db.transaction(() => {
      this.s.insertAttempt.run(
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
      if (next) this.s.reschedule.run(next.attempt, next.dueAt, done.alertId, done.actionIndex);
      else this.s.dequeue.run(done.alertId, done.actionIndex);
    })();
  }

  async alertLog(
    userId: string,
    ruleId: string | null,
    limit: number,
  ): Promise<{ alerts: AlertFiring[]; attempts: AlertAttempt[] }> {
    const rows =
      ruleId === null ? this.s.firingsOfUser.all(userId, limit) : this.s.firingsOfRule.all(userId, ruleId, limit);
    const alerts: AlertFiring[] = rows.map((r) => ({
      id: r.id,
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      firedAt: iso(r.fired_at)!,
      reason: r.reason,
      eventId: r.event_id,
      suppressed: r.suppressed,
      test: r.test === 1,
    }));
    const attempts: AlertAttempt[] = rows.flatMap((f) =>
      this.s.attemptsOf.all(f.id).map((r) => ({
        id: r.id,
        alertId: r.alert_id,
        ruleId: r.rule_id,
        actionIndex: r.action_index,
        attempt: r.attempt,
        startedAt: iso(r.started_at)!,
        durationMs: r.duration_ms,
        status: r.status,
        error: r.error,
        responseBody: r.response_body,
        nextAttemptAt: iso(r.next_attempt_at),
      })),
    );
    return { alerts, attempts };
  }
}
