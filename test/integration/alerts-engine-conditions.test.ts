// Each desktop condition fires when it should and not otherwise, through the real relay and
// engine; the time-shaped ones (silence, relay unreachable, burst) on a manual clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertCondition } from '../../protocol/alerts/alert-rule.js';
import { DEFAULT_DOOR_CONFIG } from '../../protocol/endpoint-door.js';
import { type AlertHarness, startAlertHarness } from '../helpers/alert-harness.js';
import { eventually } from '../helpers/engine-harness.js';
import { startLocalService } from '../helpers/local-service.js';

let h: AlertHarness;
beforeAll(async () => {
  h = await startAlertHarness({ endpointName: 'stripe' });
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(async () => {
  // One rule at a time, so a test sees only its own alerts.
  for (const rule of (await h.api.invoke('alerts.list', {})).rules)
    await h.api.invoke('alerts.delete', { id: rule.id });
  await h.api.invoke('endpoints.update', { id: h.endpoint.id, door: DEFAULT_DOOR_CONFIG });
  h.alerts.length = 0;
});

const MINUTE = 60_000;
const rule = (condition: AlertCondition, extra: { endpointId?: string | null; throttleMs?: number } = {}) =>
  h.api.invoke('alerts.create', {
    name: `rule ${condition.kind} ${Math.random()}`,
    runsOn: 'desktop',
    condition,
    actions: [{ type: 'notification' }],
    ...extra,
  });

describe('desktop alert conditions', () => {
  it('event_matches fires for a matching event only, with the event and a reason in words', async () => {
    const r = await rule({ kind: 'event_matches', filter: 'body.type="invoice.payment_failed"' });
    await h.send('{"type":"invoice.paid"}');
    expect(h.firings(r.id)).toEqual([]);
    const id = await h.send('{"type":"invoice.payment_failed"}');
    expect(h.firings(r.id)).toHaveLength(1);
    const [alert] = h.alerts;
    expect(alert!.alert.eventId).toBe(id);
    expect(alert!.notify).toBe(true);
    expect(alert!.title).toBe(r.name);
    expect(alert!.body).toContain('on "stripe"');
    expect(alert!.body).toContain('POST /');
    expect((await h.api.invoke('alerts.get', { id: r.id })).lastFiredAt).not.toBeNull();
  });

  it('a disabled rule, or one on another endpoint, stays quiet', async () => {
    const other = await h.api.invoke('endpoints.create', { name: 'other' });
    const off = await rule({ kind: 'event_matches', filter: 'method=POST' });
    await h.api.invoke('alerts.update', { id: off.id, enabled: false });
    const elsewhere = await rule({ kind: 'event_matches', filter: 'method=POST' }, { endpointId: other.id });
    await h.send('{}');
    expect(h.firings(off.id)).toEqual([]);
    expect(h.firings(elsewhere.id)).toEqual([]);
    await h.api.invoke('endpoints.delete', { id: other.id });
  });

  it('signature_failed fires on a flagged signature, not on a good one', async () => {
    await h.api.invoke('endpoints.update', {
      id: h.endpoint.id,
      door: {
        ...DEFAULT_DOOR_CONFIG,
        signature: { check: { scheme: 'github', secrets: ['gh-secret'] }, onFail: 'flag' },
      },
    });
    const r = await rule({ kind: 'signature_failed' });
    const body = '{"zen":"hi"}';
    const { createHmac } = await import('node:crypto');
    const good = `sha256=${createHmac('sha256', 'gh-secret').update(body).digest('hex')}`;
    await h.send(body, { headers: { 'x-hub-signature-256': good } });
    expect(h.firings(r.id)).toEqual([]);
    await h.send(body, { headers: { 'x-hub-signature-256': 'sha256=00' } });
    expect(h.firings(r.id)).toHaveLength(1);
    expect(h.firings(r.id)[0]!.reason).toMatch(/^signature failed on "stripe": ./);
  });

  it('schema_invalid fires on an event the schema flagged', async () => {
    await h.api.invoke('endpoints.update', {
      id: h.endpoint.id,
      door: { ...DEFAULT_DOOR_CONFIG, schema: { schema: { type: 'object', required: ['id'] }, onFail: 'flag' } },
    });
    const r = await rule({ kind: 'schema_invalid' });
    await h.send('{"id":"x"}');
    expect(h.firings(r.id)).toEqual([]);
    await h.send('{"no":"id"}');
    expect(h.firings(r.id)).toHaveLength(1);
    expect(h.firings(r.id)[0]!.reason).toMatch(/^schema invalid on "stripe": /);
  });

  it('forward_failed fires per status class; replay_failed only for replays', async () => {
    const service = await startLocalService();
    let status = 200;
    service.respond = (_req, res) => {
      res.writeHead(status);
      res.end();
    };
    const target = await h.api.invoke('targets.create', { endpointId: h.endpoint.id, url: service.url });
    const any = await rule({ kind: 'forward_failed' });
    const only5xx = await rule({ kind: 'forward_failed', on: '5xx' });
    const replays = await rule({ kind: 'replay_failed' });
    try {
      await h.send('{"n":1}');
      await service.waitFor(1);
      status = 404;
      const id = await h.send('{"n":2}');
      await eventually(() => h.firings(any.id).length === 1);
      expect(h.firings(only5xx.id)).toEqual([]);
      status = 503;
      await h.send('{"n":3}');
      await eventually(() => h.firings(only5xx.id).length === 1);
      expect(h.firings(any.id)).toHaveLength(2);
      expect(h.firings(any.id)[1]!.reason).toContain('answered 503');
      expect(h.firings(replays.id)).toEqual([]);
      await h.api.invoke('replay.send', { eventId: id });
      await eventually(() => h.firings(replays.id).length === 1);
      expect(h.firings(replays.id)[0]!.reason).toContain(`replay of ${id} failed`);
      // The replay is not a forward failure of its own.
      expect(h.firings(any.id)).toHaveLength(2);
    } finally {
      await h.api.invoke('targets.delete', { id: target.id });
      await service.close();
    }
  });

  it('silence fires after N quiet minutes, once per stretch, and an event starts a new one', async () => {
    const r = await rule({ kind: 'silence', minutes: 30 }, { endpointId: h.endpoint.id });
    h.clock.advance(29 * MINUTE);
    expect(h.firings(r.id)).toEqual([]);
    h.clock.advance(MINUTE);
    expect(h.firings(r.id)).toHaveLength(1);
    expect(h.firings(r.id)[0]!.reason).toBe('no event on "stripe" for 30 minutes');
    h.clock.advance(60 * MINUTE);
    expect(h.firings(r.id)).toHaveLength(1);
    await h.send('{}');
    h.clock.advance(20 * MINUTE);
    await h.send('{}');
    h.clock.advance(20 * MINUTE);
    expect(h.firings(r.id)).toHaveLength(1);
    h.clock.advance(10 * MINUTE);
    expect(h.firings(r.id)).toHaveLength(2);
  });

  it('burst fires for more than N matching events within M minutes, not for N', async () => {
    const r = await rule({ kind: 'burst', count: 3, minutes: 5, filter: 'body.kind=spam' });
    for (let i = 0; i < 3; i++) await h.send('{"kind":"spam"}');
    await h.send('{"kind":"ham"}');
    expect(h.firings(r.id)).toEqual([]);
    // Spread out: the first falls out of the window before the fourth.
    h.clock.advance(6 * MINUTE);
    await h.send('{"kind":"spam"}');
    expect(h.firings(r.id)).toEqual([]);
    for (let i = 0; i < 3; i++) await h.send('{"kind":"spam"}');
    expect(h.firings(r.id)).toHaveLength(1);
    expect(h.firings(r.id)[0]!.reason).toContain('4 events matching "body.kind=spam"');
  });

  it('throttle: one alert per window, the held-back ones counted on the next', async () => {
    const r = await rule({ kind: 'event_matches', filter: 'method=POST' }, { throttleMs: 10 * MINUTE });
    for (let i = 0; i < 4; i++) await h.send('{}');
    expect(h.firings(r.id).map((a) => a.suppressed)).toEqual([0]);
    h.clock.advance(10 * MINUTE);
    await h.send('{}');
    expect(h.firings(r.id).map((a) => a.suppressed)).toEqual([0, 3]);
    expect(h.alerts.at(-1)!.body).toContain('(+3 held back)');
  });

  it('relay_unreachable fires after N minutes without the relay, once per outage', async () => {
    const r = await rule({ kind: 'relay_unreachable', minutes: 10 });
    const port = h.relay.relay.port;
    const relayConfigDir = h.relay.dataDir;
    await h.relay.relay.close();
    await eventually(async () => (await h.api.invoke('relay.status', {})).state !== 'connected');
    h.clock.advance(9 * MINUTE);
    expect(h.firings(r.id)).toEqual([]);
    h.clock.advance(MINUTE);
    expect(h.firings(r.id)).toHaveLength(1);
    expect(h.firings(r.id)[0]!.reason).toMatch(
      /^the relay at http:\/\/127\.0\.0\.1:\d+ has been unreachable for 10 minutes/,
    );
    h.clock.advance(30 * MINUTE);
    expect(h.firings(r.id)).toHaveLength(1);
    expect(port).toBeGreaterThan(0);
    expect(relayConfigDir).toBeTruthy();
  });
});
