// Re-sign on replay, end to end: a provider-signed webhook through the relay into the engine,
// replayed with an edited body to a local service that checks it with the provider's own
// library. Re-signed, it verifies; the same edit sent as it was does not.
import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOOR_CONFIG } from '../../protocol/endpoint-door.js';
import { checkFromPreset, type SignatureScheme } from '../../protocol/signatures/index.js';
import { type EngineHarness, eventually, startEngineHarness } from '../helpers/engine-harness.js';
import { type LocalService, type ReceivedRequest, startLocalService } from '../helpers/local-service.js';

let h: EngineHarness;
let service: LocalService;

beforeAll(async () => {
  h = await startEngineHarness({ endpointName: 'resign' });
  service = await startLocalService();
}, 30_000);
afterAll(async () => {
  await h?.stop();
  await service?.close();
});

const stripe = new Stripe('sk_test_unused');
const original = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', data: { amount: 100 } });
const edited = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', data: { amount: 250 } }, null, 2);

async function useSignature(scheme: SignatureScheme | null, secret = '') {
  const signature = scheme ? { check: checkFromPreset(scheme, [secret]), onFail: 'flag' as const } : null;
  await h.api.invoke('endpoints.update', { id: h.endpoint.id, door: { ...DEFAULT_DOOR_CONFIG, signature } });
}

/** Sends the original webhook through the relay and returns the engine's event id for it. */
async function receive(headers: Record<string, string>, body = original): Promise<string> {
  const latest = async () => (await h.api.invoke('events.list', { limit: 1 })).events[0]?.id;
  const before = await latest();
  const res = await fetch(h.endpoint.url!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  expect(res.status).toBe(200);
  return eventually(async () => {
    const id = await latest();
    return id !== before ? id : undefined;
  });
}

/** Replays `eventId` with the edited body to the local service; returns what arrived. */
async function replayEdited(eventId: string, resign: boolean): Promise<ReceivedRequest> {
  const count = service.received.length;
  const result = await h.api.invoke('replay.send', {
    eventId,
    edits: { body: Buffer.from(edited).toString('base64') },
    to: { url: `${service.url}/hook` },
    resign,
  });
  expect(result.attempts[0]?.status).toBe(200);
  const received = (await service.waitFor(count + 1))[count]!;
  expect(received.body.toString()).toBe(edited);
  if (resign) {
    // The stored replay records the headers actually sent.
    const stored = await h.api.invoke('events.get', { id: result.event.id });
    const sent = headersOf(received);
    for (const [name, value] of stored.headers) {
      if (/signature|timestamp|webhook-id/i.test(name)) expect(sent[name.toLowerCase()]).toBe(value);
    }
  }
  return received;
}

function headersOf(r: ReceivedRequest): Record<string, string> {
  return Object.fromEntries(r.rawHeaders.map(([n, v]) => [n.toLowerCase(), v]));
}

describe('re-sign on replay', () => {
  it("Stripe: the re-signed edit passes stripe.webhooks.constructEvent; unsigned, it doesn't", async () => {
    const secret = 'whsec_test_0123456789abcdefghijklmnop';
    await useSignature('stripe', secret);
    const id = await receive({
      'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload: original, secret }),
    });

    const resigned = await replayEdited(id, true);
    const event = stripe.webhooks.constructEvent(
      resigned.body.toString(),
      headersOf(resigned)['stripe-signature']!,
      secret,
    );
    expect(event.data).toEqual({ amount: 250 });

    const asIs = await replayEdited(id, false);
    expect(() =>
      stripe.webhooks.constructEvent(asIs.body.toString(), headersOf(asIs)['stripe-signature']!, secret),
    ).toThrow();
  });

  it("GitHub: the re-signed edit passes @octokit/webhooks-methods verify; unsigned, it doesn't", async () => {
    const secret = 'gh-webhook-secret-0123456789';
    await useSignature('github', secret);
    const id = await receive({ 'X-Hub-Signature-256': await octokitSign(secret, original) });

    const resigned = await replayEdited(id, true);
    expect(await octokitVerify(secret, resigned.body.toString(), headersOf(resigned)['x-hub-signature-256']!)).toBe(
      true,
    );

    const asIs = await replayEdited(id, false);
    expect(await octokitVerify(secret, asIs.body.toString(), headersOf(asIs)['x-hub-signature-256']!)).toBe(false);
  });

  it("Standard Webhooks: the re-signed edit passes Webhook.verify; unsigned, it doesn't", async () => {
    const secret = `whsec_${Buffer.from('standard-webhooks-secret-0123456789').toString('base64')}`;
    await useSignature('standard-webhooks', secret);
    const sender = new StandardWebhook(secret);
    const msgId = 'msg_2Kq0abc';
    const sentAt = new Date();
    const id = await receive({
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': sender.sign(msgId, sentAt, original),
    });

    const verifier = new StandardWebhook(secret);
    const resigned = await replayEdited(id, true);
    expect(verifier.verify(resigned.body.toString(), headersOf(resigned))).toMatchObject({ data: { amount: 250 } });

    const asIs = await replayEdited(id, false);
    expect(() => verifier.verify(asIs.body.toString(), headersOf(asIs))).toThrow();
  });

  it('refuses to re-sign for an endpoint without a signature check, and sends nothing', async () => {
    await useSignature(null);
    const id = await receive({});
    const count = service.received.length;
    await expect(
      h.api.invoke('replay.send', { eventId: id, to: { url: `${service.url}/hook` }, resign: true }),
    ).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/no signature check/) });
    expect(service.received.length).toBe(count);
  });

  it('refuses to re-sign an RS256 JWT check (a public key cannot sign), and sends nothing', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await h.api.invoke('endpoints.update', {
      id: h.endpoint.id,
      door: {
        ...DEFAULT_DOOR_CONFIG,
        signature: { check: { scheme: 'jwt', algorithm: 'RS256', secrets: [pem] }, onFail: 'flag' },
      },
    });
    const id = await receive({});
    const count = service.received.length;
    await expect(
      h.api.invoke('replay.send', { eventId: id, to: { url: `${service.url}/hook` }, resign: true }),
    ).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/RS256.*not possible/) });
    expect(service.received.length).toBe(count);
  });

  it('Twilio (JSON, bodySHA256): the re-signed edit carries the new body hash in its query, signed over the URL', async () => {
    const authToken = 'twilio-auth-token-0123456789';
    await useSignature('twilio', authToken);
    const target = await h.api.invoke('targets.create', { endpointId: h.endpoint.id, url: `${service.url}/twilio` });
    try {
      const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
      // Twilio signs the URL alone for a JSON body, the body bound by bodySHA256 in the query.
      const twilioSignature = (url: string) => createHmac('sha1', authToken).update(url).digest('base64');
      const query = `bodySHA256=${sha256(original)}`;
      const count = service.received.length;
      const sent = await fetch(`${h.endpoint.url}?${query}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-Twilio-Signature': twilioSignature(`${h.endpoint.url}?${query}`),
        },
        body: original,
      });
      expect(sent.status).toBe(200);
      await service.waitFor(count + 1); // the original, forwarded to the target
      const id = (await h.api.invoke('events.list', { limit: 1 })).events[0]!.id;

      const result = await h.api.invoke('replay.send', {
        eventId: id,
        edits: { body: Buffer.from(edited).toString('base64') },
        resign: true,
      });
      expect(result.attempts[0]?.status).toBe(200);
      const received = (await service.waitFor(count + 2))[count + 1]!;
      const receivedQuery = received.url.split('?')[1]!;
      expect(receivedQuery).toBe(`bodySHA256=${sha256(edited)}`);
      expect(result.event.query).toBe(receivedQuery);
      expect(headersOf(received)['x-twilio-signature']).toBe(twilioSignature(`${h.endpoint.url}?${receivedQuery}`));
    } finally {
      await h.api.invoke('targets.delete', { id: target.id });
    }
  });
});
