// Relay-side alert rules for tests: a rule as the desktop would push it, the PUT, and a clock
// that moves only when told (RelayAlertClock), so time-based conditions run without sleeping.
import { randomBytes } from 'node:crypto';
import { type AlertRule, DEFAULT_ALERT_BODY_TEMPLATE } from '../../protocol/alerts/alert-rule.js';
import { newId } from '../../protocol/ids.js';
import type { RelayAlertClock } from '../../relay-server/alerts/alert-clock.js';
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

/** Time moves only by advance(); timers that come due run in order. Starts at the real time. */
export class ManualRelayClock implements RelayAlertClock {
  private offset = 0;
  private timers: { at: number; fn: () => void; seq: number }[] = [];
  private seq = 0;

  now = (): number => Date.now() + this.offset;

  at(atMs: number, fn: () => void): () => void {
    const timer = { at: atMs, fn, seq: this.seq++ };
    this.timers.push(timer);
    if (atMs <= this.now()) setImmediate(() => this.runDue());
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  advance(ms: number) {
    this.offset += ms;
    this.runDue();
  }

  private runDue() {
    for (;;) {
      const now = this.now();
      const due = this.timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) return;
      this.timers = this.timers.filter((t) => t !== due);
      due.fn();
    }
  }
}
