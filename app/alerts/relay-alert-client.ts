// The engine's side of relay-side alert rules: the relay's /api/alert-rules over HTTP as the
// paired device (relay-http.ts: time- and size-limited, answers schema-checked). Throws a clear
// error when this desktop is not paired or the relay cannot be reached.
import {
  type AlertAttempt,
  AlertFiring,
  type AlertRule,
  AlertRule as AlertRuleSchema,
} from '../../protocol/alerts/alert-rule.js';
import { AlertLog, AlertRuleList } from '../../protocol/relay-api.js';
import type { RelayAccess } from '../endpoints/endpoint-sync.js';
import { RelayHttpError, relayRequest } from '../relay/relay-http.js';

export interface RelayAlertClient {
  list(): Promise<AlertRule[]>;
  /** Creates or replaces the rule at the relay; the relay's copy comes back (its lastFiredAt, state). */
  put(rule: AlertRule): Promise<AlertRule>;
  /** Removes the rule at the relay; one the relay never had counts as removed. */
  remove(id: string): Promise<void>;
  log(ruleId: string | undefined, limit: number): Promise<{ alerts: AlertFiring[]; attempts: AlertAttempt[] }>;
  test(id: string): Promise<AlertFiring>;
}

export class RelayAlertClientError extends Error {
  constructor(
    message: string,
    /** The relay's error code (revision_conflict, invalid_alert_rule, …), 'not_paired' or 'unreachable'. */
    readonly code: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RelayAlertClientError';
  }
}

export function createRelayAlertClient(access: () => RelayAccess | null): RelayAlertClient {
  const call = async <T>(what: string, run: (a: RelayAccess) => Promise<T>): Promise<T> => {
    const a = access();
    if (!a) throw new RelayAlertClientError(`cannot ${what}: this desktop is not paired with a relay`, 'not_paired', 0);
    try {
      return await run(a);
    } catch (err) {
      if (!(err instanceof RelayHttpError)) throw err;
      const message = err.code === 'unreachable' ? err.message : `the relay refused to ${what}: ${err.message}`;
      throw new RelayAlertClientError(message, err.code, err.status, err.details);
    }
  };
  const path = (id: string) => `/api/alert-rules/${encodeURIComponent(id)}`;
  return {
    list: () =>
      call('list alert rules', async (a) => {
        const res = await relayRequest(a.relayUrl, a.token, 'GET', '/api/alert-rules', AlertRuleList);
        return res.rules;
      }),
    put: (rule) =>
      call(`save alert rule "${rule.name}"`, (a) =>
        relayRequest(a.relayUrl, a.token, 'PUT', path(rule.id), AlertRuleSchema, rule),
      ),
    remove: (id) =>
      call(`remove alert rule ${id}`, async (a) => {
        try {
          await relayRequest(a.relayUrl, a.token, 'DELETE', path(id), null);
        } catch (err) {
          if (!(err instanceof RelayHttpError && err.status === 404)) throw err;
        }
      }),
    log: (ruleId, limit) =>
      call('read the alert log', (a) => {
        const query = new URLSearchParams({ limit: String(limit) });
        if (ruleId) query.set('ruleId', ruleId);
        return relayRequest(a.relayUrl, a.token, 'GET', `/api/alert-rules/log?${query}`, AlertLog);
      }),
    test: (id) =>
      call(`send a test alert for rule ${id}`, (a) =>
        relayRequest(a.relayUrl, a.token, 'POST', `${path(id)}/test`, AlertFiring),
      ),
  };
}
