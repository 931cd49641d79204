// The filter language through a real engine paired with a real relay: events.list and
// events.count take an expression, and targets route by one, so invoice.paid goes to one
// local service and everything else to another, over real sockets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';

let h: EngineHarness;
let billing: LocalService;
let everything: LocalService;

beforeEach(async () => {
  h = await startEngineHarness({ endpointName: 'shop' });
  billing = await startLocalService();
  everything = await startLocalService();
});
afterEach(async () => {
  await billing.close();
  await everything.close();
  await h.stop();
});

const WEBHOOKS: [string, Record<string, string>, unknown][] = [
  ['/stripe', {}, { type: 'invoice.paid', data: { object: { amount_paid: 1200, currency: 'usd' } } }],
  ['/stripe', {}, { type: 'invoice.paid', data: { object: { amount_paid: 50, currency: 'eur' } } }],
  ['/stripe', {}, { type: 'charge.failed', data: { object: { amount: 700 } } }],
  ['/github', { 'x-github-event': 'push' }, { ref: 'refs/heads/main', commits: [{ id: 'abc' }] }],
];

async function sendAll() {
  for (const [path, headers, body] of WEBHOOKS) {
    const res = await fetch(`${h.endpoint.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }
}

const count = async (filter: string) => (await h.api.invoke('events.count', { query: { filter } })).count;

describe('the filter language in the engine', () => {
  it('routes invoice.paid to one local service and everything else to another', async () => {
    await h.api.invoke('targets.create', {
      endpointId: h.endpoint.id,
      url: billing.url,
      filter: { expression: 'body.type="invoice.paid"' },
    });
    await h.api.invoke('targets.create', {
      endpointId: h.endpoint.id,
      url: everything.url,
      filter: { expression: 'not body.type="invoice.paid"' },
    });
    await sendAll();
    await billing.waitFor(2);
    await everything.waitFor(2);
    await new Promise((r) => setTimeout(r, 150));
    const types = (s: LocalService) => s.received.map((r) => JSON.parse(r.body.toString()).type ?? 'push');
    expect(types(billing)).toEqual(['invoice.paid', 'invoice.paid']);
    expect(types(everything)).toEqual(['charge.failed', 'push']);
  });

  it('refuses a routing expression that does not parse, naming the position', async () => {
    await expect(
      h.api.invoke('targets.create', {
        endpointId: h.endpoint.id,
        url: billing.url,
        filter: { expression: 'body.type=' },
      }),
    ).rejects.toThrow(/filter: .*at 10/);
  });

  it('lists and counts by body paths, headers, status classes and words', async () => {
    await h.api.invoke('targets.create', { endpointId: h.endpoint.id, url: billing.url });
    await sendAll();
    await eventually(async () => (await count('status=2xx')) === 4);
    expect(await count('body.type="invoice.paid"')).toBe(2);
    expect(await count('body.type="invoice.paid" body.data.object.amount_paid>100')).toBe(1);
    expect(await count('$.data.object.currency in (eur, gbp)')).toBe(1);
    expect(await count('header.x-github-event=push')).toBe(1);
    expect(await count('path^=/stripe and not body.type:invoice')).toBe(1);
    expect(await count('body.commits[0].id exists')).toBe(1);
    expect(await count('status=5xx')).toBe(0);
    expect(await count('invoice')).toBe(2);
    expect(await count('')).toBe(4);
    const { events } = await h.api.invoke('events.list', { query: { filter: 'body.type~/^charge\\./' } });
    expect(events.map((e) => e.path)).toEqual(['/stripe']);
    // The old query fields still narrow alongside a filter.
    expect(
      (await h.api.invoke('events.count', { query: { filter: 'method=POST', pathPrefix: '/github' } })).count,
    ).toBe(1);
  });

  it('answers a filter that does not parse with invalid_params and the position', async () => {
    await expect(h.api.invoke('events.list', { query: { filter: 'status=' } })).rejects.toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/^filter: .* at 7$/),
    });
    await expect(h.api.invoke('events.count', { query: { filter: 'body.x~/(a+)+$' } })).rejects.toMatchObject({
      code: 'invalid_params',
    });
  });
});
