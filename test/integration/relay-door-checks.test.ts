// The door's per-endpoint checks over real sockets: IP allowlist (with and without trusted
// proxies), rate limit, signature, payload schema, each rejecting or only flagging, and the
// static response template. What is stored is read back from the relay's store.
import { createRequire } from 'node:module';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOOR_CONFIG, type DoorConfig } from '../../protocol/endpoint-door.js';
import type { Endpoint } from '../../protocol/relay-api.js';
import { createEndpoint } from '../helpers/relay-api-client.js';
import { type RelayHarness, startTestRelay } from '../helpers/relay-harness.js';

const stripe = new Stripe('sk_test_unused');
const STRIPE_SECRET = 'whsec_DoorChecksTestSecret7Qp2';

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}
const githubExamples = createRequire(import.meta.url)('@octokit/webhooks-examples') as ExampleGroup[];
const pushExample = githubExamples.find((g) => g.name === 'push')!.examples[0]!;

/** A small schema a push satisfies: it names the ref and the repository. */
const PUSH_SCHEMA = {
  type: 'object',
  required: ['ref', 'repository'],
  properties: { ref: { type: 'string' }, repository: { type: 'object', required: ['full_name'] } },
};

let h: RelayHarness;
let proxied: RelayHarness;
beforeAll(async () => {
  h = await startTestRelay();
  proxied = await startTestRelay({ trustedProxies: ['127.0.0.1/32', '::1/128'] });
});
afterAll(async () => {
  await h.stop();
  await proxied.stop();
});

const door = (overrides: Partial<DoorConfig>): DoorConfig => ({ ...DEFAULT_DOOR_CONFIG, ...overrides });
let names = 0;
const endpointWith = (harness: RelayHarness, config: Partial<DoorConfig>) =>
  createEndpoint(harness.relay.url, harness.device.deviceToken, `door-${++names}`, { door: door(config) });

async function storedFor(harness: RelayHarness, endpoint: Endpoint) {
  const all = await harness.relay.store.readEvents(harness.device.userId, 0, 10_000);
  return all.filter((e) => e.endpointId === endpoint.id);
}

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string; details?: unknown } }).error;

const ALLOW_PRIVATE = { cidrs: ['10.0.0.0/8', '2001:db8::/32'] };

describe('IP allowlist', () => {
  it('refuses 127.0.0.1 outside 10.0.0.0/8 with 403, storing nothing, and ignores X-Forwarded-For from an untrusted peer', async () => {
    const ep = await endpointWith(h, { allow: ALLOW_PRIVATE });
    for (const headers of [{}, { 'x-forwarded-for': '10.1.2.3' }] as Record<string, string>[]) {
      const res = await fetch(ep.url, { method: 'POST', body: '{}', headers });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('ip_not_allowed');
    }
    expect(await storedFor(h, ep)).toHaveLength(0);
  });

  it('behind a trusted proxy, checks the X-Forwarded-For client for IPv4 and IPv6', async () => {
    const ep = await endpointWith(proxied, { allow: ALLOW_PRIVATE });
    const send = (xff: string) => fetch(ep.url, { method: 'POST', body: '{}', headers: { 'x-forwarded-for': xff } });
    expect((await send('10.1.2.3')).status).toBe(200);
    expect((await send('2001:db8::5')).status).toBe(200);
    // The right-most untrusted hop is the client; what it claims further left is not read.
    expect((await send('10.9.9.9, 192.0.2.7')).status).toBe(403);
    expect((await send('2001:db9::1')).status).toBe(403);
    const stored = await storedFor(proxied, ep);
    expect(stored.map((e) => e.sourceIp)).toEqual(['10.1.2.3', '2001:db8::5']);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After after N requests and stores only the admitted ones', async () => {
    const ep = await endpointWith(h, { rateLimit: { requests: 3, windowSeconds: 60 } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(ep.url, { method: 'POST', body: `n=${i}` });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect((await errorOf(res)).code).toBe('rate_limited');
      } else await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(await storedFor(h, ep)).toHaveLength(3);
    const metrics = await (await fetch(`${h.relay.url}/metrics`)).text();
    expect(metrics).toMatch(/porthole_ingest_total\{result="rate_limited"\} [1-9]/);
  });
});

describe('signature', () => {
  const stripeEvent = JSON.stringify({ id: 'evt_1', type: 'charge.succeeded', object: 'event' });
  const signed = (payload: string, secret = STRIPE_SECRET) => ({
    'content-type': 'application/json',
    'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }),
  });

  it('accepts a valid Stripe signature with 200', async () => {
    const ep = await endpointWith(h, {
      signature: { check: { scheme: 'stripe', secrets: [STRIPE_SECRET] }, onFail: 'reject' },
    });
    const res = await fetch(ep.url, { method: 'POST', body: stripeEvent, headers: signed(stripeEvent) });
    expect(res.status).toBe(200);
    const [event] = await storedFor(h, ep);
    expect(event!.outcome).toBe('accepted');
    expect(event!.findings?.signature).toEqual({ ok: true, scheme: 'stripe' });
  });

  it('refuses an invalid one with 401 and a generic message; stores it as rejected with the explanation', async () => {
    const ep = await endpointWith(h, {
      signature: { check: { scheme: 'stripe', secrets: [STRIPE_SECRET] }, onFail: 'reject' },
    });
    const res = await fetch(ep.url, {
      method: 'POST',
      body: stripeEvent,
      headers: signed(stripeEvent, 'whsec_SomebodyElsesSecret'),
    });
    expect(res.status).toBe(401);
    const error = await errorOf(res);
    expect(error.code).toBe('signature_invalid');
    expect(error.details).toBeUndefined();
    expect(error.message).not.toMatch(/secret|t=|v1/i);
    const [event] = await storedFor(h, ep);
    expect(event!.outcome).toBe('rejected');
    expect(event!.rejectReason).toBe('signature_invalid');
    const finding = event!.findings!.signature!;
    expect(finding).toMatchObject({ ok: false, scheme: 'stripe', reason: 'mismatch' });
    expect(finding.explanation!.headersRead.map((r) => r.name.toLowerCase())).toContain('stripe-signature');
    expect(finding.explanation!.secretsTried).toHaveLength(1);
  });

  it('in flag mode answers 200 and stores the event with the finding', async () => {
    const ep = await endpointWith(h, {
      signature: { check: { scheme: 'stripe', secrets: [STRIPE_SECRET] }, onFail: 'flag' },
    });
    const res = await fetch(ep.url, {
      method: 'POST',
      body: stripeEvent,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    const [event] = await storedFor(h, ep);
    expect(event!.outcome).toBe('accepted');
    expect(event!.findings!.signature).toMatchObject({ ok: false, scheme: 'stripe', reason: 'missing_header' });
  });
});

describe('payload schema', () => {
  const push = JSON.stringify(pushExample);
  const broken = JSON.stringify({ ...pushExample, ref: 42, repository: undefined });

  it('in reject mode answers 422 with the errors and stores it as rejected; a real GitHub push passes', async () => {
    const ep = await endpointWith(h, { schema: { schema: PUSH_SCHEMA, onFail: 'reject' } });
    expect((await fetch(ep.url, { method: 'POST', body: push })).status).toBe(200);
    const res = await fetch(ep.url, { method: 'POST', body: broken });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('schema_invalid');
    const errors = (error.details as { errors: { path: string; message: string }[] }).errors;
    expect(errors.length).toBeGreaterThanOrEqual(1);
    const stored = await storedFor(h, ep);
    expect(stored.map((e) => e.outcome)).toEqual(['accepted', 'rejected']);
    expect(stored[1]!.rejectReason).toBe('schema_invalid');
    expect(stored[1]!.findings!.schema!.errors).toEqual(errors);
  });

  it('in flag mode answers 200 and stores the errors on the event', async () => {
    const ep = await endpointWith(h, { schema: { schema: PUSH_SCHEMA, onFail: 'flag' } });
    expect((await fetch(ep.url, { method: 'POST', body: broken })).status).toBe(200);
    const [event] = await storedFor(h, ep);
    expect(event!.outcome).toBe('accepted');
    expect(event!.findings!.schema!.ok).toBe(false);
    expect(event!.findings!.schema!.errors.length).toBeGreaterThanOrEqual(1);
  });
});

describe('static response', () => {
  it('answers with the configured status, headers and body template, with the event id', async () => {
    const ep = await endpointWith(h, {
      response: {
        mode: 'static',
        response: {
          status: 202,
          headers: [
            ['Content-Type', 'text/plain'],
            ['X-Door', 'one'],
            ['X-Door', 'two'],
          ],
          body: 'queued {{event.id}} for {{endpoint.name}}',
        },
      },
    });
    const res = await fetch(ep.url, { method: 'POST', body: 'hello' });
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.headers.get('x-door')).toBe('one, two');
    const [event] = await storedFor(h, ep);
    expect(await res.text()).toBe(`queued ${event!.id} for ${ep.name}`);
  });

  it('keeps the default answer {"ok":true,"id"}', async () => {
    const res = await fetch(h.endpoint.url, { method: 'POST', body: 'x' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; id: string };
    expect(body.ok).toBe(true);
    expect(body.id).toMatch(/^evt_/);
  });
});

describe('duplicates', () => {
  const delivery = (id: string) => ({ 'x-github-delivery': id, 'content-type': 'application/json' });
  const idOf = async (res: Response) => ((await res.json()) as { id: string }).id;

  it('stores a redelivery once, answers it with the original id and counts it on the original', async () => {
    const ep = await endpointWith(h, { dedupe: true });
    const first = await fetch(ep.url, { method: 'POST', body: '{"n":1}', headers: delivery('d-1') });
    const again = await fetch(ep.url, { method: 'POST', body: '{"n":1}', headers: delivery('d-1') });
    expect([first.status, again.status]).toEqual([200, 200]);
    const id = await idOf(first);
    expect(await idOf(again)).toBe(id);
    const stored = await storedFor(h, ep);
    expect(stored.map((e) => e.id)).toEqual([id]);
    expect(stored[0]!.repeats).toBe(1);
  });

  it('stores one of several concurrent deliveries of the same event', async () => {
    const ep = await endpointWith(h, { dedupe: true });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => fetch(ep.url, { method: 'POST', body: '{}', headers: delivery('d-burst') })),
    );
    const ids = await Promise.all(answers.map(idOf));
    expect(new Set(ids).size).toBe(1);
    const stored = await storedFor(h, ep);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.repeats).toBe(5);
  });

  it('keeps every delivery with dedupe off, and never matches across endpoints', async () => {
    const off = await endpointWith(h, { dedupe: false });
    const other = await endpointWith(h, { dedupe: true });
    for (const url of [off.url, off.url, other.url]) {
      expect((await fetch(url, { method: 'POST', body: '{}', headers: delivery('d-shared') })).status).toBe(200);
    }
    expect(await storedFor(h, off)).toHaveLength(2);
    expect(await storedFor(h, other)).toHaveLength(1);
  });
});

describe('filter', () => {
  const invoice = JSON.stringify({ type: 'invoice.paid', data: { object: { amount: 1200 } } });
  const charge = JSON.stringify({ type: 'charge.failed' });
  const post = (url: string, body: string, path = '/stripe') =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const expression = 'body.type^=invoice. path^=/stripe';

  it('reject: a webhook the filter does not match gets 422 and is kept as rejected with the finding', async () => {
    const ep = await endpointWith(h, { filter: { expression, onMiss: 'reject' } });
    expect((await post(ep.url, invoice)).status).toBe(200);
    const refused = await post(ep.url, charge);
    expect(refused.status).toBe(422);
    expect((await errorOf(refused)).code).toBe('filter_mismatch');
    expect((await post(ep.url, invoice, '/github')).status).toBe(422);
    const stored = await storedFor(h, ep);
    expect(stored.map((e) => [e.outcome, e.rejectReason, e.findings?.filter?.ok])).toEqual([
      ['accepted', null, true],
      ['rejected', 'filter_mismatch', false],
      ['rejected', 'filter_mismatch', false],
    ]);
  });

  it('skip: answered as accepted so the provider does not retry, kept rejected (never forwarded)', async () => {
    const ep = await endpointWith(h, { filter: { expression, onMiss: 'skip' } });
    const skipped = await post(ep.url, charge);
    expect(skipped.status).toBe(200);
    const { id } = (await skipped.json()) as { id: string };
    const [stored] = await storedFor(h, ep);
    expect(stored).toMatchObject({ id, outcome: 'rejected', rejectReason: 'filtered' });
    expect(stored!.findings?.filter).toEqual({ ok: false, expression });
  });

  it('flag: stored and accepted, with the finding; the signature verdict is readable by the filter', async () => {
    const ep = await endpointWith(h, {
      signature: { check: { scheme: 'stripe', secrets: [STRIPE_SECRET] }, onFail: 'flag' },
      filter: { expression: 'verified=true', onMiss: 'flag' },
    });
    const signed = stripe.webhooks.generateTestHeaderString({ payload: invoice, secret: STRIPE_SECRET });
    const good = await fetch(ep.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signed },
      body: invoice,
    });
    expect(good.status).toBe(200);
    expect((await post(ep.url, invoice)).status).toBe(200);
    const stored = await storedFor(h, ep);
    expect(stored.map((e) => [e.outcome, e.findings?.filter?.ok])).toEqual([
      ['accepted', true],
      ['accepted', false],
    ]);
  });

  it('refuses a config whose filter does not parse, saying where', async () => {
    await expect(endpointWith(h, { filter: { expression: 'body.type=', onMiss: 'reject' } })).rejects.toThrow(
      /filter: .*at 10/,
    );
  });
});
