// Relay-side alert rules for tests: a rule as the desktop would push it, the PUT, and a clock
// that moves only when told (AlertClock), so time-based conditions run without sleeping.
import { randomBytes } from 'node:crypto';
import { type AlertRule, DEFAULT_ALERT_BODY_TEMPLATE } from '../../protocol/alerts/alert-rule.js';
import { newId } from '../../protocol/ids.js';
import { callApi } from './relay-api-client.js';

export function relayRule(receiverUrl: string, overrides: Partial<AlertRule> = {}): AlertRule {
  const now = new Date().toISOString();
  return {
    id: newId('alr'),
    name: `rule ${Math.random().toString(36).slice(2, 8)}`,
    enabled: true,
    runsOn: 'relay',
    endpointId: null,
    condition: { kind: 'signature_failed' },
    throttleMs: 0,
    actions: [
      { type: 'webhook', url: receiverUrl, method: 'POST', headers: [], bodyTemplate: DEFAULT_ALERT_BODY_TEMPLATE },
    ],
    retryScheduleMs: [0, 5000],
    secret: `whsec_${randomBytes(32).toString('base64')}`,
    revision: 1,
    state: 'ok',
    stateReason: null,
    lastFiredAt: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export async function putRule(relayUrl: string, token: string, rule: AlertRule) {
  return callApi<AlertRule & { error?: { code: string; message: string; details?: unknown } }>(
    relayUrl,
    'PUT',
    `/api/alert-rules/${rule.id}`,
    { token, body: rule },
  );
}

export async function putRuleOk(relayUrl: string, token: string, rule: AlertRule): Promise<AlertRule> {
  const res = await putRule(relayUrl, token, rule);
  if (res.status !== 201 && res.status !== 200) throw new Error(`put rule: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The relay's alert clock in tests: the engine tests' manual clock. */
export { ManualAlertClock as ManualRelayClock } from './manual-alert-clock.js';
