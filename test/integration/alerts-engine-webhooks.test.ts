// Outgoing alerts at a real local receiver: signed per Standard Webhooks (checked with the
// standardwebhooks library), the template rendering hostile event values as valid JSON, the
// retry schedule on the manual clock, Retry-After, and 410 switching the rule off.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertAttempt, AlertRule } from '../../protocol/alerts/alert-rule.js';
import { DEFAULT_ALERT_BODY_TEMPLATE } from '../../protocol/alerts/alert-rule.js';
import { type AlertHarness, startAlertHarness } from '../helpers/alert-harness.js';
import { eventually } from '../helpers/engine-harness.js';
import { type LocalService, type ReceivedRequest, startLocalService } from '../helpers/local-service.js';

let h: AlertHarness;
let receiver: LocalService;
const attempts: AlertAttempt[] = [];
const changes: AlertRule[][] = [];
beforeAll(async () => {
  h = await startAlertHarness({ endpointName: 'hooks' });
  receiver = await startLocalService();
  h.api.on('onAlertAttempt', ({ attempt }) => attempts.push(attempt));
  h.api.on('onAlertRulesChanged', ({ rules }) => changes.push(rules));
});
afterAll(async () => {
  await receiver?.close();
  await h?.stop();
});
beforeEach(async () => {
  for (const rule of (await h.api.invoke('alerts.list', {})).rules)
    await h.api.invoke('alerts.delete', { id: rule.id });
  h.alerts.length = 0;
  attempts.length = 0;
  receiver.received.length = 0;
  receiver.respond = (_req, res) => {
    res.writeHead(204);
    res.end();
  };
});

const header = (req: ReceivedRequest, name: string) =>
  req.rawHeaders.find(([n]) => n.toLowerCase() === name)?.[1] ?? '';

const webhookRule = (bodyTemplate: string, extra: Partial<AlertRule> = {}) =>
  h.api.invoke('alerts.create', {
    name: `hook ${Math.random()}`,
    runsOn: 'desktop',
    condition: { kind: 'event_matches', filter: 'method=POST' },
    actions: [
      {
        type: 'webhook',
        url: `${receiver.url}/alerts`,
        method: 'POST',
        headers: [['X-Team', 'payments']],
        bodyTemplate,
      },
    ],
    ...extra,
  });

describe('outgoing alert webhooks', () => {
  it('signs per Standard Webhooks and renders hostile event values as valid JSON', async () => {
    const template =
      '{"rule":"{{rule.name}}","alert":"{{alert.id}}","note":"{{event.body.note}}","agent":"{{event.header.x-agent}}","path":"{{event.path}}","n":{{alert.suppressed}}}';
    const rule = await webhookRule(template);
    const hostile = 'quote " backslash \\ newline \n tab \t end';
    const eventId = await h.send(JSON.stringify({ note: hostile }), {
      headers: { 'x-agent': 'a"b\\c' },
    });
    const [req] = await receiver.waitFor(1);
    const body = req!.body.toString();
    const headers = Object.fromEntries(req!.rawHeaders.map(([n, v]) => [n.toLowerCase(), v]));
    // Throws unless the signature holds for this body, id and timestamp.
    expect(() => new Webhook(rule.secret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(body, headers)).toThrow();
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(parsed).toEqual({
      rule: rule.name,
      alert: h.alerts[0]!.alert.id,
      note: hostile,
      agent: 'a"b\\c',
      path: '',
      n: 0,
    });
    expect(header(req!, 'webhook-id')).toBe(h.alerts[0]!.alert.id);
    expect(header(req!, 'content-type')).toBe('application/json');
    expect(header(req!, 'x-team')).toBe('payments');
    expect(req!.url).toBe('/alerts');
    expect(h.alerts[0]!.alert.eventId).toBe(eventId);
    const attempt = await eventually(() => attempts[0]);
    expect(attempt).toMatchObject({ attempt: 1, status: 204, error: null, nextAttemptAt: null, actionIndex: 0 });
    const log = await h.api.invoke('alerts.log', { ruleId: rule.id });
    expect(log.alerts.map((a) => a.id)).toEqual([h.alerts[0]!.alert.id]);
    expect(log.attempts.map((a) => a.id)).toEqual([attempt.id]);
  });

  it('retries on the schedule until a 2xx, logging every try with its capped answer', async () => {
    let calls = 0;
    receiver.respond = (_req, res) => {
      calls++;
      res.writeHead(calls < 3 ? 500 : 200);
      res.end(calls < 3 ? 'x'.repeat(10_000) : 'ok');
    };
    const rule = await webhookRule(DEFAULT_ALERT_BODY_TEMPLATE, { retryScheduleMs: [0, 50, 100] });
    await h.send('{}');
    await eventually(() => attempts.length === 1);
    expect(attempts[0]!.status).toBe(500);
    expect(attempts[0]!.responseBody).toHaveLength(4096);
    // 50 ms ± 20% jitter after the try ended; the schedule is set a moment after the answer is
    // read, which a loaded machine stretches by a few ms.
    const ended = Date.parse(attempts[0]!.startedAt) + attempts[0]!.durationMs;
    const wait = Date.parse(attempts[0]!.nextAttemptAt!) - ended;
    expect(wait).toBeGreaterThanOrEqual(38);
    expect(wait).toBeLessThanOrEqual(75);
    h.clock.advance(70);
    await eventually(() => attempts.length === 2);
    h.clock.advance(130);
    await eventually(() => attempts.length === 3);
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(attempts[2]!.nextAttemptAt).toBeNull();
    // The same alert each time: one webhook-id, one body.
    expect(new Set(receiver.received.map((r) => header(r, 'webhook-id'))).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body.toString())).size).toBe(1);
    expect((await h.api.invoke('alerts.log', { ruleId: rule.id })).attempts.map((a) => a.attempt)).toEqual([3, 2, 1]);
  });

  it('gives up when the schedule runs out', async () => {
    receiver.respond = (_req, res) => {
      res.writeHead(502);
      res.end();
    };
    await webhookRule(DEFAULT_ALERT_BODY_TEMPLATE, { retryScheduleMs: [0, 50] });
    await h.send('{}');
    await eventually(() => attempts.length === 1);
    h.clock.advance(100);
    await eventually(() => attempts.length === 2);
    expect(attempts[1]!.nextAttemptAt).toBeNull();
    h.clock.advance(10_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.received).toHaveLength(2);
  });

  it("honours Retry-After beyond the schedule's delay", async () => {
    let calls = 0;
    receiver.respond = (_req, res) => {
      calls++;
      res.writeHead(calls === 1 ? 429 : 200, calls === 1 ? { 'retry-after': '120' } : {});
      res.end();
    };
    await webhookRule(DEFAULT_ALERT_BODY_TEMPLATE, { retryScheduleMs: [0, 50, 100] });
    await h.send('{}');
    await eventually(() => attempts.length === 1);
    const wait = Date.parse(attempts[0]!.nextAttemptAt!) - Date.parse(attempts[0]!.startedAt);
    expect(wait).toBeGreaterThanOrEqual(120_000);
    h.clock.advance(100_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.received).toHaveLength(1);
    h.clock.advance(25_000);
    await eventually(() => attempts.length === 2);
    expect(attempts[1]!.status).toBe(200);
  });

  it('a 410 switches the rule off, says why, and tells the owner', async () => {
    receiver.respond = (_req, res) => {
      res.writeHead(410);
      res.end('gone');
    };
    const rule = await webhookRule(DEFAULT_ALERT_BODY_TEMPLATE, { retryScheduleMs: [0, 50, 100] });
    await h.send('{}');
    await eventually(() => h.alerts.length === 2);
    const off = await h.api.invoke('alerts.get', { id: rule.id });
    expect(off).toMatchObject({ enabled: false, state: 'disabled_gone' });
    expect(off.stateReason).toContain('410');
    expect(changes.at(-1)!.find((r) => r.id === rule.id)!.state).toBe('disabled_gone');
    expect(h.alerts[1]).toMatchObject({ notify: true, title: rule.name });
    expect(h.alerts[1]!.body).toContain('answered 410');
    expect(attempts.map((a) => [a.status, a.nextAttemptAt])).toEqual([[410, null]]);
    // Off: the next event is quiet; switched back on, it is ok again.
    await h.send('{}');
    expect(h.alerts).toHaveLength(2);
    const on = await h.api.invoke('alerts.update', { id: rule.id, enabled: true });
    expect(on).toMatchObject({ enabled: true, state: 'ok', stateReason: null });
  });

  it('alerts.test fires the actions now with a sample or a chosen event, past the condition and throttle', async () => {
    const rule = await webhookRule('{"event":"{{event.id}}","body":"{{event.body.data.id}}"}', {
      condition: { kind: 'event_matches', filter: 'method=DELETE' },
      throttleMs: 3_600_000,
    });
    const sample = await h.api.invoke('alerts.test', { id: rule.id });
    expect(sample.test).toBe(true);
    const [first] = await receiver.waitFor(1);
    expect(JSON.parse(first!.body.toString())).toEqual({ event: 'evt_sample', body: 'obj_sample' });
    const eventId = await h.send('{"data":{"id":"obj_real"}}');
    const chosen = await h.api.invoke('alerts.test', { id: rule.id, eventId });
    expect(chosen.eventId).toBe(eventId);
    const [, second] = await receiver.waitFor(2);
    expect(JSON.parse(second!.body.toString())).toEqual({ event: eventId, body: 'obj_real' });
    await expect(h.api.invoke('alerts.test', { id: rule.id, eventId: 'evt_nope' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
