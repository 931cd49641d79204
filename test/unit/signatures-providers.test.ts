// Our verifiers against the providers' own signers, our signer against the providers' own
// verifiers (the re-sign round trip for edited replays), and the providers' published examples.
import { createHash, createHmac } from 'node:crypto';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import {
  applySignedHeaders,
  type SignatureCheck,
  type SignatureRequest,
  signRequest,
  verifySignature,
} from '../../protocol/signatures/index.js';

const stripe = new Stripe('sk_test_unused');
const encoder = new TextEncoder();
const URL = 'https://relay.example.com/h/wh_0123456789abcdefghijklmnopqrstuv';

function req(headers: [string, string][], body: string, url = URL, method = 'POST'): SignatureRequest {
  return { method, url, headers, body: encoder.encode(body) };
}

function headerMap(headers: [string, string][]): Record<string, string> {
  return Object.fromEntries(headers.map(([n, v]) => [n.toLowerCase(), v]));
}

const original = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', data: { amount: 100 } });
const edited = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', data: { amount: 250 } }, null, 2);

describe('Stripe', () => {
  const secret = 'whsec_test_0123456789abcdefghijklmnop';
  const check: SignatureCheck = { scheme: 'stripe', secrets: [secret] };

  it("verifies stripe's own test header, with and without an explicit timestamp", async () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload: original, secret });
    expect(await verifySignature(check, req([['stripe-signature', header]], original))).toMatchObject({ ok: true });
    const old = stripe.webhooks.generateTestHeaderString({ payload: original, secret, timestamp: 1_700_000_000 });
    expect(await verifySignature(check, req([['Stripe-Signature', old]], original), 1_700_000_100_000)).toMatchObject({
      ok: true,
    });
  });

  it('accepts a header carrying several v1 signatures (Stripe rolling a secret)', async () => {
    const t = 1_700_000_000;
    const good = stripe.webhooks.generateTestHeaderString({ payload: original, secret, timestamp: t });
    const other = stripe.webhooks.generateTestHeaderString({ payload: original, secret: 'whsec_old', timestamp: t });
    const v1 = (h: string) => h.split(',v1=')[1];
    const header = `t=${t},v1=${v1(other)},v1=${v1(good)},v0=ignored`;
    expect(await verifySignature(check, req([['Stripe-Signature', header]], original), t * 1000)).toEqual({
      ok: true,
      scheme: 'stripe',
      secretIndex: 0,
    });
  });

  it('re-signs an edited event so that stripe.webhooks.constructEvent accepts it', async () => {
    const signed = await signRequest(check, req([], edited));
    const event = stripe.webhooks.constructEvent(edited, signed.headers[0]![1], secret);
    expect(event.data).toEqual({ amount: 250 });
    expect(signed.headers[0]![0]).toBe('Stripe-Signature');
  });
});

describe('GitHub', () => {
  const secret = 'gh-webhook-secret-0123456789';

  it('verifies @octokit/webhooks-methods signatures', async () => {
    const signature = await octokitSign(secret, original);
    const result = await verifySignature(
      { scheme: 'github', secrets: [secret] },
      req([['X-Hub-Signature-256', signature]], original),
    );
    expect(result).toEqual({ ok: true, scheme: 'github', secretIndex: 0 });
  });

  it('verifies the legacy sha1 header when asked to', async () => {
    const sha1 = `sha1=${createHmac('sha1', secret).update(original).digest('hex')}`;
    const check: SignatureCheck = { scheme: 'github', secrets: [secret], algorithm: 'sha1' };
    expect(await verifySignature(check, req([['X-Hub-Signature', sha1]], original))).toMatchObject({ ok: true });
    const onlySha1 = await verifySignature(
      { scheme: 'github', secrets: [secret] },
      req([['X-Hub-Signature', sha1]], original),
    );
    expect(onlySha1).toMatchObject({ ok: false, reason: 'missing_header' });
    if (!onlySha1.ok) expect(onlySha1.explanation.notes.join(' ')).toContain('set the algorithm to sha1');
  });

  it('re-signs an edited event so that @octokit/webhooks-methods verifies it', async () => {
    const signed = await signRequest({ scheme: 'github', secrets: [secret, 'other'] }, req([], edited));
    const headers = headerMap(signed.headers);
    expect(await octokitVerify(secret, edited, headers['x-hub-signature-256']!)).toBe(true);
    expect(headers['x-hub-signature']).toBe(`sha1=${createHmac('sha1', secret).update(edited).digest('hex')}`);
  });

  // Known answer: https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
  it("verifies GitHub's documented example", async () => {
    const result = await verifySignature(
      { scheme: 'github', secrets: ["It's a Secret to Everybody"] },
      req(
        [['X-Hub-Signature-256', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17']],
        'Hello, World!',
      ),
    );
    expect(result).toEqual({ ok: true, scheme: 'github', secretIndex: 0 });
  });
});

describe('Slack', () => {
  // Known answer: https://api.slack.com/authentication/verifying-requests-from-slack
  const docSecret = '8f742231b10e8888abcd99yyyzzz85a5';
  const docTimestamp = '1531420618';
  const docBody =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const docSignature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
  const docRequest = req(
    [
      ['X-Slack-Request-Timestamp', docTimestamp],
      ['X-Slack-Signature', docSignature],
    ],
    docBody,
  );

  it("verifies Slack's documented example at the time it was made", async () => {
    const at = Number(docTimestamp) * 1000 + 5_000;
    expect(await verifySignature({ scheme: 'slack', secrets: [docSecret] }, docRequest, at)).toMatchObject({
      ok: true,
    });
  });

  it('explains the same example received years later', async () => {
    const result = await verifySignature({ scheme: 'slack', secrets: [docSecret] }, docRequest, Date.UTC(2026, 0, 1));
    expect(result).toMatchObject({ ok: false, reason: 'timestamp_out_of_tolerance' });
    if (result.ok) return;
    expect(result.explanation.signedContent?.text).toBe(`v0:${docTimestamp}:${docBody}`);
    expect(result.explanation.secretsTried).toEqual([
      { index: 0, fingerprint: expect.stringMatching(/^[0-9a-f]{4}$/), expected: docSignature, matched: true },
    ]);
    expect(result.explanation.timestamp?.skewSeconds).toBe(Date.UTC(2026, 0, 1) / 1000 - Number(docTimestamp));
  });

  it('re-signs with a fresh timestamp that an independent HMAC agrees with', async () => {
    const now = Date.UTC(2026, 5, 1);
    const signed = headerMap(
      (await signRequest({ scheme: 'slack', secrets: [docSecret] }, req([], edited), now)).headers,
    );
    expect(signed['x-slack-request-timestamp']).toBe(String(now / 1000));
    const expected = createHmac('sha256', docSecret)
      .update(`v0:${now / 1000}:${edited}`)
      .digest('hex');
    expect(signed['x-slack-signature']).toBe(`v0=${expected}`);
  });
});

describe('Shopify', () => {
  it('re-signs and verifies base64 HMAC-SHA256 of the body', async () => {
    const secret = 'shpss_0123456789abcdef';
    const signed = await signRequest({ scheme: 'shopify', secrets: [secret] }, req([], edited));
    expect(signed.headers).toEqual([
      ['X-Shopify-Hmac-Sha256', createHmac('sha256', secret).update(edited).digest('base64')],
    ]);
    expect(await verifySignature({ scheme: 'shopify', secrets: [secret] }, req(signed.headers, edited))).toMatchObject({
      ok: true,
    });
  });
});

describe('Twilio', () => {
  // Known answer: https://www.twilio.com/docs/usage/security#validating-requests
  const token = '12345';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const form = 'CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212';
  const formHeaders = (sig: string): [string, string][] => [
    ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
    ['X-Twilio-Signature', sig],
  ];

  it("verifies Twilio's documented example, whatever the order of the posted parameters", async () => {
    const shuffled = form.split('&').reverse().join('&');
    for (const body of [form, shuffled]) {
      const result = await verifySignature(
        { scheme: 'twilio', secrets: [token] },
        req(formHeaders('0/KCTR6DLpKmkAf8muzZqo1nDgQ='), body, url),
      );
      expect(result).toEqual({ ok: true, scheme: 'twilio', secretIndex: 0 });
    }
  });

  it('shows the URL and sorted parameters it signed when the token is wrong', async () => {
    const result = await verifySignature(
      { scheme: 'twilio', secrets: ['wrong-token'] },
      req(formHeaders('0/KCTR6DLpKmkAf8muzZqo1nDgQ='), form, url),
    );
    expect(result).toMatchObject({ ok: false, reason: 'mismatch' });
    if (result.ok) return;
    expect(result.explanation.signedContent?.text).toBe(
      `${url}CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212`,
    );
  });

  it('accepts the URL with the default port spelled out, as Twilio’s own validators do', async () => {
    const result = await verifySignature(
      { scheme: 'twilio', secrets: [token] },
      req(formHeaders('0/KCTR6DLpKmkAf8muzZqo1nDgQ='), form, 'https://mycompany.com:443/myapp.php?foo=1&bar=2'),
    );
    expect(result).toMatchObject({ ok: true, notes: [expect.stringContaining('https://mycompany.com/myapp.php')] });
  });

  it('checks JSON bodies through bodySHA256 and the URL-only signature', async () => {
    const body = '{"SmsSid":"SM1","Body":"Hello"}';
    const jsonUrl = `${URL}?bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
    const sig = createHmac('sha1', token).update(jsonUrl).digest('base64');
    const headers: [string, string][] = [
      ['Content-Type', 'application/json'],
      ['X-Twilio-Signature', sig],
    ];
    const check: SignatureCheck = { scheme: 'twilio', secrets: ['old-token', token] };
    expect(await verifySignature(check, req(headers, body, jsonUrl))).toEqual({
      ok: true,
      scheme: 'twilio',
      secretIndex: 1,
    });
    const tampered = await verifySignature(check, req(headers, body.replace('Hello', 'Howdy'), jsonUrl));
    expect(tampered).toMatchObject({ ok: false, reason: 'mismatch' });
    if (!tampered.ok) {
      expect(tampered.explanation.summary).toContain('bodySHA256');
      expect(tampered.explanation.notes.join(' ')).toContain('the body was changed');
    }
  });

  it('re-signs an edited JSON body by updating bodySHA256 in the URL', async () => {
    const body = '{"Body":"Hello"}';
    const jsonUrl = `${URL}?a=1&bodySHA256=${createHash('sha256').update(body).digest('hex')}&z=2`;
    const editedBody = '{"Body":"Edited"}';
    const signed = await signRequest({ scheme: 'twilio', secrets: [token] }, req([], editedBody, jsonUrl));
    expect(signed.url).toBe(`${URL}?a=1&bodySHA256=${createHash('sha256').update(editedBody).digest('hex')}&z=2`);
    expect(signed.headers).toEqual([
      ['X-Twilio-Signature', createHmac('sha1', token).update(signed.url!).digest('base64')],
    ]);
    const headers = applySignedHeaders([['Content-Type', 'application/json']], signed.headers);
    expect(
      await verifySignature({ scheme: 'twilio', secrets: [token] }, req(headers, editedBody, signed.url)),
    ).toMatchObject({
      ok: true,
    });
  });

  it('re-signs an edited form post over the sorted parameters', async () => {
    const editedForm = form.replace('Digits=1234', 'Digits=9999');
    const signed = await signRequest({ scheme: 'twilio', secrets: [token] }, req(formHeaders(''), editedForm, url));
    expect(signed.url).toBeUndefined();
    const headers = applySignedHeaders(formHeaders('stale'), signed.headers);
    expect(await verifySignature({ scheme: 'twilio', secrets: [token] }, req(headers, editedForm, url))).toMatchObject({
      ok: true,
    });
  });

  it('signs GET requests over the URL alone', async () => {
    const getUrl = `${URL}?CallSid=CA1&From=%2B1555`;
    const sig = createHmac('sha1', token).update(getUrl).digest('base64');
    const result = await verifySignature(
      { scheme: 'twilio', secrets: [token] },
      req([['X-Twilio-Signature', sig]], '', getUrl, 'GET'),
    );
    expect(result).toMatchObject({ ok: true });
  });
});

describe.each([
  { name: 'Standard Webhooks', scheme: 'standard-webhooks' as const, Lib: StandardWebhook, prefix: 'webhook' },
  { name: 'Svix', scheme: 'svix' as const, Lib: SvixWebhook, prefix: 'svix' },
])('$name', ({ scheme, Lib, prefix }) => {
  const secret = `whsec_${Buffer.from('a 32 byte key for the round trip').toString('base64')}`;
  const check: SignatureCheck = { scheme, secrets: [secret] };

  it("verifies the library's own signature", async () => {
    const at = new Date();
    const signature = new Lib(secret).sign('msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', at, original);
    const headers: [string, string][] = [
      [`${prefix}-id`, 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W'],
      [`${prefix}-timestamp`, String(Math.floor(at.getTime() / 1000))],
      [`${prefix}-signature`, signature],
    ];
    expect(await verifySignature(check, req(headers, original))).toEqual({ ok: true, scheme, secretIndex: 0 });
  });

  it('accepts any one of several space-separated signatures, ignoring unknown versions', async () => {
    const at = new Date();
    const good = new Lib(secret).sign('msg_1', at, original);
    const other = new Lib(`whsec_${Buffer.from('another key, another key, another').toString('base64')}`).sign(
      'msg_1',
      at,
      original,
    );
    const headers: [string, string][] = [
      [`${prefix}-id`, 'msg_1'],
      [`${prefix}-timestamp`, String(Math.floor(at.getTime() / 1000))],
      [`${prefix}-signature`, `v1a,AAAA ${other} ${good}`],
    ];
    expect(await verifySignature(check, req(headers, original))).toMatchObject({ ok: true });
  });

  it("re-signs an edited event (new id, new timestamp) that the library's verify accepts", async () => {
    const signed = await signRequest(check, req([], edited));
    const headers = headerMap(signed.headers);
    expect(headers[`${prefix}-id`]).toMatch(/^msg_[0-9A-Z]{26}$/);
    expect(() => new Lib(secret).verify(edited, headers)).not.toThrow();
    expect(() => new Lib(secret).verify(original, headers)).toThrow();
  });
});

describe('Svix', () => {
  it('reads unbranded webhook-* headers too, as the svix library does', async () => {
    const secret = `whsec_${Buffer.from('svix key for unbranded headers!!').toString('base64')}`;
    const at = new Date();
    const headers: [string, string][] = [
      ['webhook-id', 'msg_1'],
      ['webhook-timestamp', String(Math.floor(at.getTime() / 1000))],
      ['webhook-signature', new SvixWebhook(secret).sign('msg_1', at, original)],
    ];
    expect(await verifySignature({ scheme: 'svix', secrets: [secret] }, req(headers, original))).toMatchObject({
      ok: true,
    });
  });
});

// Known answer: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
describe('Standard Webhooks specification example', () => {
  const headers: [string, string][] = [
    ['webhook-id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
    ['webhook-timestamp', '1614265330'],
    ['webhook-signature', 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='],
  ];
  const body = '{"test": 2432232314}';

  it('verifies with and without the whsec_ prefix', async () => {
    for (const secret of ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']) {
      const result = await verifySignature(
        { scheme: 'standard-webhooks', secrets: [secret] },
        req(headers, body),
        1614265330_000,
      );
      expect(result).toMatchObject({ ok: true });
    }
  });
});

describe('Basic, API key and JWT re-signing', () => {
  it('produces the Authorization header for Basic and bearer keys', async () => {
    const basic = await signRequest({ scheme: 'basic', secrets: ['hook:pa55word'] }, req([], ''));
    expect(basic.headers).toEqual([['Authorization', `Basic ${Buffer.from('hook:pa55word').toString('base64')}`]]);
    const bearer = await signRequest({ scheme: 'api-key', secrets: ['key_123'] }, req([], ''));
    expect(bearer.headers).toEqual([['Authorization', 'Bearer key_123']]);
    const custom = await signRequest({ scheme: 'api-key', secrets: ['key_123'], header: 'X-Api-Key' }, req([], ''));
    expect(custom.headers).toEqual([['X-Api-Key', 'key_123']]);
  });
});
