// The alert pieces every side shares: the body template (JSON-escaped values), the retry plan
// (schedule, jitter, Retry-After, 410), and Standard Webhooks signing checked by the
// standardwebhooks library itself.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { nextAlertStep, retryAfterMs, signAlert } from '../../protocol/alerts/alert-delivery.js';
import { DEFAULT_ALERT_BODY_TEMPLATE, DEFAULT_RETRY_SCHEDULE_MS } from '../../protocol/alerts/alert-rule.js';
import {
  type AlertTemplateContext,
  alertTemplateProblems,
  renderAlertTemplate,
} from '../../protocol/alerts/alert-template.js';

const HOSTILE = 'a"b\\c\n\u0000</script>{{rule.id}}';
const ctx = (event: AlertTemplateContext['event']): AlertTemplateContext => ({
  rule: { id: 'alr_1', name: `Stripe "prod" \\ ${HOSTILE}` },
  alert: { id: 'alt_1', reason: 'signature failed', firedAt: '2026-11-23T10:00:00.000Z', suppressed: 3 },
  event,
});
const event = {
  id: 'evt_1',
  endpoint: 'stripe',
  method: 'POST',
  path: `/x${HOSTILE}`,
  query: 'a=1',
  status: 500,
  receivedAt: '2026-11-23T09:59:59.000Z',
  headers: [['X-Thing', HOSTILE]] as [string, string][],
  body: new TextEncoder().encode(JSON.stringify({ data: { items: [{ id: HOSTILE }], n: 5, obj: { a: 1 } } })),
};

describe('alert template', () => {
  it('keeps the default body valid JSON whatever the values hold', () => {
    const out = JSON.parse(renderAlertTemplate(DEFAULT_ALERT_BODY_TEMPLATE, ctx(event)));
    expect(out.rule.name).toBe(`Stripe "prod" \\ ${HOSTILE}`);
    expect(out.event.path).toBe(`/x${HOSTILE}`);
    expect(out.event.status).toBe('500');
    expect(out.alert.suppressed).toBe(3);
    const none = JSON.parse(renderAlertTemplate(DEFAULT_ALERT_BODY_TEMPLATE, ctx(null)));
    expect(none.event).toEqual({ id: '', endpoint: '', method: '', path: '', status: '' });
  });

  it('reads headers and body paths, and never re-expands what a value contains', () => {
    const t =
      '{"h":"{{event.header.x-thing}}","id":"{{event.body.data.items[0].id}}","n":{{event.body.data.n}},"o":"{{ event.body.data.obj }}","m":"{{event.body.missing.x}}"}';
    const out = JSON.parse(renderAlertTemplate(t, ctx(event)));
    expect(out).toEqual({ h: HOSTILE, id: HOSTILE, n: 5, o: '{"a":1}', m: '' });
  });

  it('names unknown placeholders so a template can be refused when saved', () => {
    expect(alertTemplateProblems('{{rule.name}} {{event.body.a[0]}} {{event.header.x-y}}')).toEqual([]);
    expect(alertTemplateProblems('{{rule.secret}} {{env.HOME}}')).toEqual([
      'unknown placeholder {{rule.secret}}',
      'unknown placeholder {{env.HOME}}',
    ]);
  });
});

describe('alert retries', () => {
  const half = () => 0.5; // no jitter
  it('is done on 2xx, gone on 410, and follows the schedule otherwise until it runs out', () => {
    const s = DEFAULT_RETRY_SCHEDULE_MS;
    expect(nextAlertStep(1, { status: 204 }, s, 0)).toEqual({ kind: 'done' });
    expect(nextAlertStep(1, { status: 410 }, s, 0)).toEqual({ kind: 'gone' });
    expect(nextAlertStep(1, { status: 500 }, s, 1000, half)).toEqual({ kind: 'retry', at: 6000 });
    expect(nextAlertStep(2, { status: null }, s, 0, half)).toEqual({ kind: 'retry', at: 300_000 });
    expect(nextAlertStep(4, { status: 503 }, s, 0, half)).toEqual({ kind: 'retry', at: 7_200_000 });
    expect(nextAlertStep(5, { status: 503 }, s, 0, half)).toEqual({ kind: 'give_up' });
  });
  it('jitters by at most a fifth and waits at least what Retry-After asks', () => {
    const s = DEFAULT_RETRY_SCHEDULE_MS;
    expect(nextAlertStep(1, { status: 500 }, s, 0, () => 0)).toEqual({ kind: 'retry', at: 4000 });
    expect(nextAlertStep(1, { status: 500 }, s, 0, () => 1)).toEqual({ kind: 'retry', at: 6000 });
    expect(nextAlertStep(1, { status: 429, retryAfter: '120' }, s, 0, half)).toEqual({ kind: 'retry', at: 120_000 });
    const date = new Date(60_000).toUTCString();
    expect(retryAfterMs(date, 0)).toBe(60_000);
    expect(retryAfterMs('soon', 0)).toBeNull();
    expect(retryAfterMs('99999999', 0)).toBe(24 * 3_600_000);
  });
});

describe('alert signing', () => {
  it('signs per Standard Webhooks with the alert id, so the library verifies it', async () => {
    const secret = `whsec_${Buffer.from('a-rule-secret-of-32-bytes-long!!').toString('base64')}`;
    const body = new TextEncoder().encode('{"type":"porthole.alert"}');
    const now = Date.now();
    const headers = Object.fromEntries(await signAlert(secret, 'alt_01', body, now));
    expect(headers['webhook-id']).toBe('alt_01');
    expect(() => new Webhook(secret).verify(Buffer.from(body).toString(), headers)).not.toThrow();
    expect(() => new Webhook(secret).verify('{"type":"other"}', headers)).toThrow();
  });
});
