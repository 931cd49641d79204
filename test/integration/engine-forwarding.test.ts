// The whole path: sender -> relay -> engine -> local service, over real sockets and SQLite.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';
import { FIDELITY_CASES, withFraming } from '../helpers/fidelity-cases.js';
import { type LocalService, startLocalService } from '../helpers/local-service.js';
import { buildRequest, rawRequest } from '../helpers/raw-http.js';
import { sendNumbered } from '../helpers/send-webhooks.js';

const SECRET = 'whsec_local_handler_secret';
const sign = (body: Buffer) => createHmac('sha256', SECRET).update(body).digest('hex');
const NOT_FORWARDED = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

let h: EngineHarness;
let service: LocalService;

beforeAll(async () => {
  h = await startEngineHarness();
  service = await startLocalService();
  await h.api.invoke('targets.create', { endpointId: h.endpoint.id, url: `${service.url}/hooks` });
});

afterAll(async () => {
  await h.stop();
  await service.close();
});

describe('forwarding to a local service', () => {
  it('delivers every fidelity case byte-exact, with headers in order and an HMAC that verifies', async () => {
    const relayUrl = new URL(h.endpoint.url!);
    for (const [i, c] of FIDELITY_CASES.entries()) {
      const headers: [string, string][] = [...withFraming(c), ['X-Signature', sign(c.body)]];
      const res = await rawRequest(
        h.relay.relay.url,
        buildRequest(c.method ?? 'POST', relayUrl.pathname + (c.suffix ?? ''), relayUrl.host, headers, c.body),
      );
      expect(res.status, c.name).toBe(200);
      const [got] = (await service.waitFor(i + 1)).slice(i);
      const suffix = c.suffix ?? '';
      expect(got!.method, c.name).toBe(c.method ?? 'POST');
      expect(got!.url, c.name).toBe(`/hooks${suffix}`);
      expect(got!.body.equals(c.body), c.name).toBe(true);
      const signature = got!.rawHeaders.find(([n]) => n === 'X-Signature')?.[1];
      expect(signature, c.name).toBe(sign(got!.body));
      expect(
        got!.rawHeaders.filter(([n]) => !NOT_FORWARDED.has(n.toLowerCase())),
        c.name,
      ).toEqual(headers.filter(([n]) => !NOT_FORWARDED.has(n.toLowerCase())));
      expect(got!.rawHeaders.find(([n]) => n.toLowerCase() === 'host')?.[1]).toBe(`127.0.0.1:${service.port}`);
      expect(got!.rawHeaders.find(([n]) => n.toLowerCase() === 'content-length')?.[1]).toBe(String(c.body.length));
    }
  });

  it('records each attempt with the local response and shows it on the event', async () => {
    service.respond = (_req, res) => {
      res.writeHead(201, { 'x-handled-by': 'test' });
      res.end('created it');
    };
    const before = service.received.length;
    await fetch(h.endpoint.url!, { method: 'POST', body: '{"attempt":true}' });
    await service.waitFor(before + 1);
    const { events } = await h.api.invoke('events.list', { query: { endpointId: h.endpoint.id }, limit: 1 });
    const detail = await eventually(async () => {
      const d = await h.api.invoke('events.get', { id: events[0]!.id });
      return d.attempts.length > 0 ? d : undefined;
    });
    expect(detail.lastStatus).toBe(201);
    expect(detail.attempts[0]!.status).toBe(201);
    expect(Buffer.from(detail.attempts[0]!.responseBody, 'base64').toString()).toBe('created it');
    expect(detail.attempts[0]!.responseHeaders).toContainEqual(['x-handled-by', 'test']);
    expect(detail.attempts[0]!.durationMs).toBeGreaterThan(0);
    service.respond = (_req, res) => res.end('ok');
  });

  it('forwards 2,000 events over no more connections than the target allows', { timeout: 60_000 }, async () => {
    const capped = await startLocalService();
    const endpoint = await h.api.invoke('endpoints.create', { name: 'burst' });
    const ready = await eventually(async () =>
      (await h.api.invoke('endpoints.list', {})).endpoints.find((e) => e.id === endpoint.id && e.url),
    );
    await h.api.invoke('targets.create', { endpointId: endpoint.id, url: capped.url, concurrency: 4 });
    await sendNumbered(ready.url!, 2000, { concurrency: 20 });
    await capped.waitFor(2000, 45_000);
    expect(capped.received).toHaveLength(2000);
    expect(capped.connections).toBeGreaterThan(0);
    expect(capped.connections).toBeLessThanOrEqual(4);
    await capped.close();
  });

  it('routes by method and path filter, and appends or fixes the path', async () => {
    const posts = await startLocalService();
    const fixed = await startLocalService();
    const endpoint = await h.api.invoke('endpoints.create', { name: 'routing' });
    const ready = await eventually(async () =>
      (await h.api.invoke('endpoints.list', {})).endpoints.find((e) => e.id === endpoint.id && e.url),
    );
    await h.api.invoke('targets.create', {
      endpointId: endpoint.id,
      url: `${posts.url}/base`,
      filter: { methods: ['post'], pathPrefix: '/stripe' },
    });
    await h.api.invoke('targets.create', { endpointId: endpoint.id, url: `${fixed.url}/always`, pathMode: 'fixed' });
    await fetch(`${ready.url}/stripe/events?x=1`, { method: 'POST', body: 'a' });
    await fetch(`${ready.url}/github`, { method: 'POST', body: 'b' });
    await fetch(`${ready.url}/stripe/events`, { method: 'PUT', body: 'c' });
    await fixed.waitFor(3);
    await posts.waitFor(1);
    expect(posts.received.map((r) => r.url)).toEqual(['/base/stripe/events?x=1']);
    expect(fixed.received.map((r) => r.url)).toEqual(['/always', '/always', '/always']);
    await posts.close();
    await fixed.close();
  });
});
