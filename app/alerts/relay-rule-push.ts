// What the engine needs from the relay for relay-side rules. relay-alert-client.ts implements it
// over the relay's API; without one, relay rules wait locally as 'pending'.
import type { AlertAttempt, AlertFiring, AlertRule } from '../../protocol/alerts/alert-rule.js';

export interface RelayRulePush {
  put(rule: AlertRule): Promise<AlertRule>;
  remove(id: string): Promise<void>;
  log(ruleId: string | undefined, limit: number): Promise<{ alerts: AlertFiring[]; attempts: AlertAttempt[] }>;
  test(id: string): Promise<AlertFiring>;
  /** The relay's copies, with what only the relay changes: state after a 410, last fired. */
  list(): Promise<AlertRule[]>;
}
