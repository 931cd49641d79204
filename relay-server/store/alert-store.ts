// The relay's part of alerts in storage: relay-side rules per user (their secrets sealed under
// the master key), what fired, every try, and the durable queue of tries still owed, so a
// crash or restart of the relay loses no pending alert. Async like the rest of RelayStore.
import type { AlertAttempt, AlertFiring, AlertRule } from '../../protocol/alerts/alert-rule.js';

export interface StoredAlertRule {
  userId: string;
  /** Opened: the secret in clear, for signing and for the owner's API. */
  rule: AlertRule;
}

export type PutAlertRuleResult =
  | { ok: true; created: boolean; rule: AlertRule }
  | { ok: false; reason: 'conflict'; current: AlertRule }
  | { ok: false; reason: 'id_taken' };

/** One try of one webhook action still owed, with the request as it was rendered at firing. */
export interface QueuedAlertTry {
  alertId: string;
  ruleId: string;
  userId: string;
  actionIndex: number;
  /** The 1-based number of the try this row stands for. */
  attempt: number;
  dueAt: number;
  url: string;
  method: string;
  headers: [string, string][];
  body: Buffer;
}

export interface RelayAlertStore {
  /** Every relay rule, or those of one user, opened. */
  listAlertRules(userId?: string): Promise<StoredAlertRule[]>;
  getAlertRule(userId: string, id: string): Promise<AlertRule | null>;
  /**
   * Creates or replaces a rule. The desktop numbers revisions: an older one is refused, the same
   * one is accepted only when nothing differs (a repeated push), a newer one replaces.
   */
  putAlertRule(userId: string, rule: AlertRule): Promise<PutAlertRuleResult>;
  /** Removes the rule and its pending tries; the log stays. */
  deleteAlertRule(userId: string, id: string): Promise<boolean>;
  /** A webhook answered 410: switched off with the reason, revision bumped, pending tries dropped. */
  markAlertRuleGone(userId: string, id: string, reason: string, now: number): Promise<AlertRule | null>;
  /** The firing, the rule's last-fired time and its first tries, in one transaction. */
  recordAlertFiring(userId: string, firing: AlertFiring, tries: QueuedAlertTry[]): Promise<void>;
  dueAlertTries(now: number, limit: number): Promise<QueuedAlertTry[]>;
  /** When the next queued try is due; null when the queue is empty. */
  nextAlertTryAt(): Promise<number | null>;
  /** Logs the attempt and moves the queue row on (the next try) or removes it, together. */
  finishAlertTry(
    done: QueuedAlertTry,
    attempt: AlertAttempt,
    next: { attempt: number; dueAt: number } | null,
  ): Promise<void>;
  /** The newest firings (of one rule, or all of the user's) and every attempt of them. */
  alertLog(
    userId: string,
    ruleId: string | null,
    limit: number,
  ): Promise<{ alerts: AlertFiring[]; attempts: AlertAttempt[] }>;
}
