// Which provider idempotency key the door dedupes on: each header, the order they are tried
// in, Stripe's event id from the body, and everything that must not count as a key.
import { describe, expect, it } from 'vitest';
import {
  extractIdempotencyKey,
  idempotencyStorageKey,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  STRIPE_BODY_MAX_BYTES,
} from '../../protocol/webhook/idempotency-key.js';
import { parseJsonBody } from '../../protocol/webhook/json-body.js';

const empty = new Uint8Array();
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const key = (headers: [string, string][], body: Uint8Array = empty) => extractIdempotencyKey({ headers, body });

describe('extractIdempotencyKey', () => {
  it('reads each provider header, in any case', () => {
    expect(key([['Webhook-Id', 'msg_2b8NvRQ']])).toEqual({ source: 'webhook-id', key: 'msg_2b8NvRQ' });
    expect(key([['svix-id', 'msg_p5jXN8AQM9LWM0D4loKWxJek']])).toEqual({
      source: 'svix-id',
      key: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    });
    expect(key([['X-GitHub-Delivery', '72d3162e-cc78-11e3-81ab-4c9367dc0958']])).toEqual({
      source: 'x-github-delivery',
      key: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    });
    expect(key([['x-shopify-event-id', '98880550-7158-44d4-b7cd-2c97c8a091b5']])).toEqual({
      source: 'x-shopify-event-id',
      key: '98880550-7158-44d4-b7cd-2c97c8a091b5',
    });
    expect(key([['X-Shopify-Webhook-Id', 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043']])).toEqual({
      source: 'x-shopify-webhook-id',
      key: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    });
  });

  it('prefers the Shopify event id to the webhook id, and standard headers to provider ones', () => {
    expect(
      key([
        ['X-Shopify-Webhook-Id', 'hook-1'],
        ['X-Shopify-Event-Id', 'event-1'],
      ]),
    ).toEqual({ source: 'x-shopify-event-id', key: 'event-1' });
    expect(
      key([
        ['svix-id', 'msg_svix'],
        ['webhook-id', 'msg_std'],
      ]),
    ).toEqual({ source: 'webhook-id', key: 'msg_std' });
  });

  it("takes Stripe's event id from the body when Stripe-Signature is present", () => {
    const body = json({ id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy', object: 'event', data: { object: { id: 'pi_1' } } });
    expect(key([['Stripe-Signature', 't=1,v1=abc']], body)).toEqual({
      source: 'stripe-event-id',
      key: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
    });
    expect(key([['Stripe-Signature', 't=1,v1=abc']], json({ id: 'evt_test_a1B2' }))?.key).toBe('evt_test_a1B2');
    // Without the header, an "id" in a body is anybody's id.
    expect(key([], body)).toBeNull();
  });

  it('refuses a Stripe body that is not an event: wrong prefix, nested id, not JSON, an array, too large', () => {
    const stripe: [string, string][] = [['stripe-signature', 't=1,v1=abc']];
    expect(key(stripe, json({ id: 'pi_123' }))).toBeNull();
    expect(key(stripe, json({ data: { id: 'evt_nested' } }))).toBeNull();
    expect(key(stripe, json({ id: 'evt_ bad' }))).toBeNull();
    expect(key(stripe, json({ id: 42 }))).toBeNull();
    expect(key(stripe, json(['evt_1']))).toBeNull();
    expect(key(stripe, json(null))).toBeNull();
    expect(key(stripe, new TextEncoder().encode('{"id":"evt_1"'))).toBeNull();
    expect(key(stripe, new Uint8Array([0xff, 0xfe]))).toBeNull();
    expect(key(stripe, empty)).toBeNull();
    const padding = 'x'.repeat(STRIPE_BODY_MAX_BYTES);
    expect(key(stripe, json({ id: 'evt_big', padding }))).toBeNull();
  });

  it('uses a body the caller already parsed instead of parsing again, even a large one', () => {
    const body = json({ id: 'evt_big', padding: 'x'.repeat(STRIPE_BODY_MAX_BYTES) });
    const parsed = parseJsonBody(body);
    expect(extractIdempotencyKey({ headers: [['Stripe-Signature', 't=1,v1=abc']], body, json: parsed })).toEqual({
      source: 'stripe-event-id',
      key: 'evt_big',
    });
    // A parse that failed is not retried.
    expect(
      extractIdempotencyKey({
        headers: [['Stripe-Signature', 't=1']],
        body: json({ id: 'evt_1' }),
        json: { ok: false, message: 'body is not JSON: x' },
      }),
    ).toBeNull();
  });

  it('uses the first of duplicated headers, trims it, and skips unusable values for the next source', () => {
    expect(
      key([
        ['X-GitHub-Delivery', '  first  '],
        ['x-github-delivery', 'second'],
      ]),
    ).toEqual({ source: 'x-github-delivery', key: 'first' });
    for (const bad of ['', '   ', 'has space', 'ünïcode', 'tab\there', 'x'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1)]) {
      expect(
        key([
          ['webhook-id', bad],
          ['X-GitHub-Delivery', 'fallback'],
        ]),
        bad,
      ).toEqual({ source: 'x-github-delivery', key: 'fallback' });
    }
    expect(key([['webhook-id', 'x'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH)]])?.key).toHaveLength(MAX_IDEMPOTENCY_KEY_LENGTH);
  });

  it('returns null for a request with no key, and never throws', () => {
    expect(key([['content-type', 'application/json']], json({ id: 'evt_1' }))).toBeNull();
    const hostile = { headers: null, body: null } as unknown as Parameters<typeof extractIdempotencyKey>[0];
    expect(extractIdempotencyKey(hostile)).toBeNull();
  });
});

describe('idempotencyStorageKey', () => {
  it('keeps the source, so equal ids from different providers never collide', () => {
    expect(idempotencyStorageKey({ source: 'x-github-delivery', key: 'abc' })).toBe('x-github-delivery:abc');
    expect(idempotencyStorageKey({ source: 'svix-id', key: 'abc' })).not.toBe(
      idempotencyStorageKey({ source: 'webhook-id', key: 'abc' }),
    );
  });
});
