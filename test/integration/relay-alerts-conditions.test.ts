// Relay-side alert rules fire while no desktop is connected: each condition over real sockets,
// alerts signed per Standard Webhooks (checked by the standardwebhooks library) at a receiver on
// 127.0.0.1, which the relay admin allowed (--alerts-allow 127.0.0.1/32). Time-based conditions
// run on a clock the test moves.

import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRule } from '../../protocol/alerts/alert-rule.js';
import { DEFAULT_DOOR_CONFIG, type DoorConfig } from '../../protocol/endpoint-door.js';
import type { AlertLog } from '../../protocol/relay-api.js';
import { type LocalService, type ReceivedRequest, startLocalService } from '../helpers/local-service.js';
import { ManualRelayClock, putRuleOk, relayRule } from '../helpers/relay-alert-rules.js';
import { callApi, createEndpoint } from '../helpers/relay-api-client.js';
import { type RelayHarness, startTestRelay } from '../helpers/relay-harness.js';
import { connectStream } from '../helpers/stream-client.js';

const stripe = new Stripe('sk_test_unused');
const STRIPE_SECRET = 'whsec_RelayAlertsStripeSecret9Xk';
const ALLOW = ['127.0.0.1/32'];
const MINUTE = 60_000;

let receiver: LocalService;
beforeAll(async () => {
  receiver = await startLocalService();
});
afterAll(async () => {
  await receiver.close();
});

const headersOf = (r: ReceivedRequest) => Object.fromEntries(r.rawHeaders.map(([n, v]) => [n.toLowerCase(), v]));
const alertBody = (r: ReceivedRequest) => JSON.parse(r.body.toString()) as Record<string, Record<string, unknown>>;
const door = (overrides: Partial<DoorConfig>): DoorConfig => ({ ...DEFAULT_DOOR_CONFIG, ...overrides });
const send = (url: string, body = '{"type":"ping"}', headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

/** A receiver path per test, so each counts only its own alerts. */
let paths = 0;
const receiverFor = () => {
  const path = `/alerts-${++paths}`;
  return { url: `${receiver.url}${path}`, got: () => receiver.received.filter((r) => r.url === path) };
};
const waitUntil = async (check: () => boolean, what: string, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('event conditions, no desktop connected', () => {
  let h: RelayHarness;
  beforeAll(async () => {
    h = await startTestRelay({ alertsAllow: ALLOW });
  });
  afterAll(async () => {
    await h.stop();
  });
  const put = (rule: AlertRule) => putRuleOk(h.relay.url, h.device.deviceToken, rule);

  it('signature failed on a Stripe endpoint reaches the receiver, signed, within 500 ms', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'stripe', {
      door: door({ signature: { check: { scheme: 'stripe', secrets: [STRIPE_SECRET] }, onFail: 'reject' } }),
    });
    const target = receiverFor();
    const rule = await put(relayRule(target.url, { endpointId: ep.id, condition: { kind: 'signature_failed' } }));
    const payload = JSON.stringify({ id: 'evt_1', type: 'charge.succeeded', object: 'event' });
    const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_NotTheRightOne' });
    const sentAt = Date.now();
    const res = await send(ep.url, payload, { 'stripe-signature': forged });
    expect(res.status).toBe(401);
    await waitUntil(() => target.got().length === 1, 'the alert');
    expect(Date.now() - sentAt).toBeLessThan(500);

    const [alert] = target.got();
    const headers = headersOf(alert!);
    expect(() => new Webhook(rule.secret).verify(alert!.body.toString(), headers)).not.toThrow();
    const body = alertBody(alert!);
    expect(body['rule']).toEqual({ id: rule.id, name: rule.name });
    expect(body['alert']!['reason']).toMatch(/signature failed on stripe \(stripe\)/);
    expect(body['event']).toMatchObject({ endpoint: 'stripe', method: 'POST' });
    expect(headers['webhook-id']).toBe(body['alert']!['id']);

    // A good signature does not fire.
    const good = stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET });
    expect((await send(ep.url, payload, { 'stripe-signature': good })).status).toBe(200);
    await h.relay.alerts.settled();
    expect(target.got()).toHaveLength(1);

    const log = await callApi<AlertLog>(h.relay.url, 'GET', `/api/alert-rules/log?ruleId=${rule.id}`, {
      token: h.device.deviceToken,
    });
    expect(log.body.alerts).toHaveLength(1);
    expect(log.body.attempts).toEqual([
      expect.objectContaining({ alertId: body['alert']!['id'], attempt: 1, status: 200, nextAttemptAt: null }),
    ]);
  });

  it('rate limited: the door’s 429 fires, although nothing was stored', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'limited', {
      door: door({ rateLimit: { requests: 1, windowSeconds: 60 } }),
    });
    const target = receiverFor();
    await put(relayRule(target.url, { endpointId: ep.id, condition: { kind: 'rate_limited' } }));
    expect((await send(ep.url)).status).toBe(200);
    await h.relay.alerts.settled();
    expect(target.got()).toHaveLength(0);
    expect((await send(ep.url)).status).toBe(429);
    await waitUntil(() => target.got().length === 1, 'the rate-limit alert');
    expect(alertBody(target.got()[0]!)['alert']!['reason']).toMatch(/rate limited on limited/);
  });

  it('event matches a filter; schema invalid', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'billing', {
      door: door({ schema: { schema: { type: 'object', required: ['type'] }, onFail: 'flag' } }),
    });
    const matches = receiverFor();
    const invalid = receiverFor();
    await put(
      relayRule(matches.url, {
        endpointId: ep.id,
        condition: { kind: 'event_matches', filter: 'body.type=invoice.paid' },
      }),
    );
    await put(relayRule(invalid.url, { endpointId: ep.id, condition: { kind: 'schema_invalid' } }));
    await send(ep.url, '{"type":"invoice.created"}');
    await send(ep.url, '{"type":"invoice.paid"}');
    await send(ep.url, '{"no":"type"}');
    await waitUntil(() => matches.got().length === 1 && invalid.got().length === 1, 'both alerts');
    await h.relay.alerts.settled();
    expect(matches.got()).toHaveLength(1);
    expect(alertBody(invalid.got()[0]!)['alert']!['reason']).toMatch(/schema invalid on billing/);
  });

  it('throttles to one alert per window and counts what it held back', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'throttled');
    const target = receiverFor();
    await put(
      relayRule(target.url, {
        endpointId: ep.id,
        throttleMs: 60_000,
        condition: { kind: 'event_matches', filter: 'method=POST' },
      }),
    );
    for (let i = 0; i < 3; i++) await send(ep.url);
    await h.relay.alerts.settled();
    expect(target.got()).toHaveLength(1);
    expect(alertBody(target.got()[0]!)['alert']!['suppressed']).toBe(0);
  });

  it('a 410 switches the rule off and says why', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'gone');
    const target = receiverFor();
    const respond = receiver.respond;
    receiver.respond = (req, res) =>
      req.url === new URL(target.url).pathname ? res.writeHead(410).end() : respond(req, res);
    try {
      const rule = await put(
        relayRule(target.url, { endpointId: ep.id, condition: { kind: 'event_matches', filter: 'method=POST' } }),
      );
      await send(ep.url);
      await waitUntil(() => target.got().length === 1, 'the alert');
      await h.relay.alerts.settled();
      const list = await callApi<{ rules: AlertRule[] }>(h.relay.url, 'GET', '/api/alert-rules', {
        token: h.device.deviceToken,
      });
      const stored = list.body.rules.find((r) => r.id === rule.id)!;
      expect(stored).toMatchObject({ enabled: false, state: 'disabled_gone', revision: 2 });
      expect(stored.stateReason).toMatch(/410/);
      await send(ep.url);
      await h.relay.alerts.settled();
      expect(target.got()).toHaveLength(1);
    } finally {
      receiver.respond = respond;
    }
  });
});

describe('time and devices, on a clock the test moves', () => {
  let h: RelayHarness;
  const clock = new ManualRelayClock();
  beforeAll(async () => {
    h = await startTestRelay({ alertsAllow: ALLOW, alertClock: clock });
  });
  afterAll(async () => {
    await h.stop();
  });
  const put = (rule: AlertRule) => putRuleOk(h.relay.url, h.device.deviceToken, rule);
  const settle = () => h.relay.alerts.settled();

  it('silence: no event on the endpoint for N minutes, once per quiet spell', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'quiet');
    const target = receiverFor();
    await put(relayRule(target.url, { endpointId: ep.id, condition: { kind: 'silence', minutes: 5 } }));
    clock.advance(4 * MINUTE);
    await settle();
    expect(target.got()).toHaveLength(0);
    await send(ep.url);
    await settle();
    clock.advance(4 * MINUTE);
    await settle();
    expect(target.got()).toHaveLength(0);
    clock.advance(MINUTE + 1);
    await waitUntil(() => target.got().length === 1, 'the silence alert');
    expect(alertBody(target.got()[0]!)['alert']!['reason']).toMatch(/no events on this endpoint for 5 min/);
    clock.advance(30 * MINUTE);
    await settle();
    expect(target.got()).toHaveLength(1);
  });

  it('throttle: what was held back is counted on the next alert after the window', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'throttle-window');
    const target = receiverFor();
    await put(
      relayRule(target.url, {
        endpointId: ep.id,
        throttleMs: MINUTE,
        condition: { kind: 'event_matches', filter: 'method=POST' },
      }),
    );
    for (let i = 0; i < 3; i++) await send(ep.url);
    await settle();
    clock.advance(MINUTE + 1);
    await send(ep.url);
    await waitUntil(() => target.got().length === 2, 'the second alert');
    expect(target.got().map((r) => alertBody(r)['alert']!['suppressed'])).toEqual([0, 2]);
  });

  it('burst: more than N events within M minutes', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'bursty');
    const target = receiverFor();
    await put(relayRule(target.url, { endpointId: ep.id, condition: { kind: 'burst', count: 2, minutes: 1 } }));
    // Three events, but spread wider than the window: no burst.
    for (let i = 0; i < 3; i++) {
      await send(ep.url);
      await settle();
      clock.advance(MINUTE);
    }
    expect(target.got()).toHaveLength(0);
    for (let i = 0; i < 3; i++) await send(ep.url);
    await waitUntil(() => target.got().length === 1, 'the burst alert');
    expect(alertBody(target.got()[0]!)['alert']!['reason']).toMatch(/more than 2 events on bursty within 1 min/);
  });

  it('device offline while N events wait for it, once per offline spell', async () => {
    const ep = await createEndpoint(h.relay.url, h.device.deviceToken, 'offline');
    // The device catches up, then goes away.
    const stream = await connectStream(h.relay.url, h.device.deviceToken, { autoAck: true });
    await stream.waitForEvents(stream.welcome.latestSeq);
    const target = receiverFor();
    await put(relayRule(target.url, { endpointId: ep.id, condition: { kind: 'device_offline', minEvents: 3 } }));
    for (let i = 0; i < 3; i++) await send(ep.url);
    await stream.waitForEvents(stream.welcome.latestSeq + 3);
    await settle();
    expect(target.got()).toHaveLength(0);
    const acked = stream.welcome.latestSeq + 3;
    await stream.close();
    // The relay writes the last acks as the stream closes.
    const ackedAll = async () => (await h.relay.store.getDevice(h.device.deviceId))!.ackedSeq >= acked;
    for (let i = 0; i < 500 && !(await ackedAll()); i++) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 4; i++) await send(ep.url);
    await waitUntil(() => target.got().length === 1, 'the offline alert');
    await settle();
    expect(target.got()).toHaveLength(1);
    expect(alertBody(target.got()[0]!)['alert']!['reason']).toMatch(
      /device "test-device" is offline with 3 events waiting/,
    );
  });
});
