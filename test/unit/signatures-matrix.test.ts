// Every scheme against the same failure cases: tampered body, wrong secret, stale and future
// timestamps, missing header, truncated signature, rotation (second secret), malformed header,
// duplicated header. Requests are signed independently of our code (provider libraries where
// they exist, node:crypto otherwise), and no result may ever contain a secret.
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import {
  type SignatureCheck,
  type SignatureRequest,
  type VerificationResult,
  VerificationResult as VerificationResultSchema,
  verifySignature,
} from '../../protocol/signatures/index.js';
import { validator } from '../../protocol/validator.js';

const NOW_S = 1_760_000_000;
const NOW = NOW_S * 1000;
const URL = 'https://relay.example.com/h/wh_abc/twilio?x=1';
const JSON_BODY = '{"id":"evt_1","text":"Hello","amount":100}';
const FORM_BODY = 'CallSid=CA1234&From=%2B14155550100&Body=Hello+there&To=%2B14155550199';
const stripeLib = new Stripe('sk_test_unused');
const isResult = validator(VerificationResultSchema);

const whsec = (seed: string) => `whsec_${Buffer.from(seed.padEnd(32, '*')).toString('base64')}`;
const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaA = rsa();
const rsaB = rsa();
const rsaC = rsa();
const pem = (k: ReturnType<typeof rsa>) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();

function request(headers: [string, string][], body: string, url = URL): SignatureRequest {
  return { method: 'POST', url, headers, body: new TextEncoder().encode(body) };
}

function hs256(secret: string, claims: object): string {
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function rs256(key: ReturnType<typeof rsa>, claims: object): string {
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url')}`;
}

interface Fixture {
  scheme: SignatureCheck['scheme'] | 'jwt-rs256';
  check: (secrets: string[]) => SignatureCheck;
  secrets: [string, string];
  wrongSecret: string;
  body: string;
  /** Headers for `body` signed with `secret` at Unix time `t` (seconds). */
  sign: (secret: string, body: string, t: number) => Promise<[string, string][]>;
  /** The header whose value is the signature (the one truncated, removed, mangled). */
  header: string;
  malformed: string;
  hasTimestamp: boolean;
  /** Schemes that do not sign the body accept a changed one. */
  signsBody: boolean;
}

const jsonFixture = { body: JSON_BODY, hasTimestamp: false, signsBody: true };

const fixtures: Fixture[] = [
  {
    ...jsonFixture,
    scheme: 'stripe',
    check: (secrets) => ({ scheme: 'stripe', secrets }),
    secrets: ['whsec_stripe_first_0123456789', 'whsec_stripe_second_0123456789'],
    wrongSecret: 'whsec_stripe_wrong_0123456789',
    sign: async (secret, body, t) => [
      ['Stripe-Signature', stripeLib.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: t })],
    ],
    header: 'Stripe-Signature',
    malformed: 'sha256=abcdef',
    hasTimestamp: true,
  },
  {
    ...jsonFixture,
    scheme: 'github',
    check: (secrets) => ({ scheme: 'github', secrets }),
    secrets: ['github-first-secret-value', 'github-second-secret-value'],
    wrongSecret: 'github-wrong-secret-value',
    sign: async (secret, body) => [['X-Hub-Signature-256', await octokitSign(secret, body)]],
    header: 'X-Hub-Signature-256',
    malformed: 'md5=0123456789abcdef',
  },
  {
    ...jsonFixture,
    scheme: 'slack',
    check: (secrets) => ({ scheme: 'slack', secrets }),
    secrets: ['slack-first-signing-secret', 'slack-second-signing-secret'],
    wrongSecret: 'slack-wrong-signing-secret',
    sign: async (secret, body, t) => [
      ['X-Slack-Request-Timestamp', String(t)],
      ['X-Slack-Signature', `v0=${createHmac('sha256', secret).update(`v0:${t}:${body}`).digest('hex')}`],
    ],
    header: 'X-Slack-Signature',
    malformed: 'v1:deadbeef',
    hasTimestamp: true,
  },
  {
    ...jsonFixture,
    scheme: 'shopify',
    check: (secrets) => ({ scheme: 'shopify', secrets }),
    secrets: ['shopify-first-client-secret', 'shopify-second-client-secret'],
    wrongSecret: 'shopify-wrong-client-secret',
    sign: async (secret, body) => [
      ['X-Shopify-Hmac-Sha256', createHmac('sha256', secret).update(body).digest('base64')],
    ],
    header: 'X-Shopify-Hmac-Sha256',
    malformed: 'not base64 at all!',
  },
  {
    ...jsonFixture,
    scheme: 'twilio',
    body: FORM_BODY,
    check: (secrets) => ({ scheme: 'twilio', secrets }),
    secrets: ['twilio-first-auth-token', 'twilio-second-auth-token'],
    wrongSecret: 'twilio-wrong-auth-token',
    sign: async (secret, body) => {
      const params = [...new URLSearchParams(body)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const data = URL + params.map(([k, v]) => k + v).join('');
      return [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['X-Twilio-Signature', createHmac('sha1', secret).update(data).digest('base64')],
      ];
    },
    header: 'X-Twilio-Signature',
    malformed: '***',
  },
  {
    ...jsonFixture,
    scheme: 'standard-webhooks',
    check: (secrets) => ({ scheme: 'standard-webhooks', secrets }),
    secrets: [whsec('standard-first'), whsec('standard-second')],
    wrongSecret: whsec('standard-wrong'),
    sign: async (secret, body, t) => [
      ['webhook-id', 'msg_matrix'],
      ['webhook-timestamp', String(t)],
      ['webhook-signature', new StandardWebhook(secret).sign('msg_matrix', new Date(t * 1000), body)],
    ],
    header: 'webhook-signature',
    malformed: 'v2=abc',
    hasTimestamp: true,
  },
  {
    ...jsonFixture,
    scheme: 'svix',
    check: (secrets) => ({ scheme: 'svix', secrets }),
    secrets: [whsec('svix-first'), whsec('svix-second')],
    wrongSecret: whsec('svix-wrong'),
    sign: async (secret, body, t) => [
      ['svix-id', 'msg_matrix'],
      ['svix-timestamp', String(t)],
      ['svix-signature', new SvixWebhook(secret).sign('msg_matrix', new Date(t * 1000), body)],
    ],
    header: 'svix-signature',
    malformed: 'v1a',
    hasTimestamp: true,
  },
  {
    ...jsonFixture,
    scheme: 'hmac',
    check: (secrets) => ({
      scheme: 'hmac',
      secrets,
      algorithm: 'sha512',
      encoding: 'base64',
      header: 'X-Signature',
      prefix: 'sha512=',
      template: '{timestamp}.{body}',
      timestampHeader: 'X-Timestamp',
    }),
    secrets: ['generic-first-shared-key', 'generic-second-shared-key'],
    wrongSecret: 'generic-wrong-shared-key',
    sign: async (secret, body, t) => [
      ['X-Timestamp', String(t)],
      ['X-Signature', `sha512=${createHmac('sha512', secret).update(`${t}.${body}`).digest('base64')}`],
    ],
    header: 'X-Signature',
    malformed: 'sha1=abc',
    hasTimestamp: true,
  },
  {
    ...jsonFixture,
    scheme: 'basic',
    check: (secrets) => ({ scheme: 'basic', secrets }),
    secrets: ['relay-user:first-password-value', 'relay-user:second-password-value'],
    wrongSecret: 'relay-user:wrong-password-value',
    sign: async (secret) => [['Authorization', `Basic ${Buffer.from(secret).toString('base64')}`]],
    header: 'Authorization',
    malformed: 'Bearer abc',
    signsBody: false,
  },
  {
    ...jsonFixture,
    scheme: 'api-key',
    check: (secrets) => ({ scheme: 'api-key', secrets }),
    secrets: ['key_first_0123456789abcdef', 'key_second_0123456789abcdef'],
    wrongSecret: 'key_wrong_0123456789abcdef',
    sign: async (secret) => [['Authorization', `Bearer ${secret}`]],
    header: 'Authorization',
    malformed: 'Token key_first_0123456789abcdef',
    signsBody: false,
  },
  {
    ...jsonFixture,
    scheme: 'jwt',
    check: (secrets) => ({ scheme: 'jwt', algorithm: 'HS256', secrets }),
    secrets: ['jwt-first-hs256-shared-secret', 'jwt-second-hs256-shared-secret'],
    wrongSecret: 'jwt-wrong-hs256-shared-secret',
    sign: async (secret, _body, t) => [
      ['Authorization', `Bearer ${hs256(secret, { sub: 'svc', iat: t, exp: t + 60 })}`],
    ],
    header: 'Authorization',
    malformed: 'Bearer not-a-jwt',
    hasTimestamp: true,
    signsBody: false,
  },
  {
    ...jsonFixture,
    scheme: 'jwt-rs256',
    check: (secrets) => ({ scheme: 'jwt', algorithm: 'RS256', secrets }),
    secrets: [pem(rsaA), pem(rsaB)],
    wrongSecret: pem(rsaC),
    sign: async (secret, _body, t) => {
      const key = [rsaA, rsaB, rsaC].find((k) => pem(k) === secret)!;
      return [['Authorization', `Bearer ${rs256(key, { sub: 'svc', iat: t, exp: t + 60 })}`]];
    },
    header: 'Authorization',
    malformed: 'Bearer a.b',
    hasTimestamp: true,
    signsBody: false,
  },
];

/** Every result is schema-valid JSON and mentions no secret (nor a whsec_ key or a password). */
function expectSafe(result: VerificationResult, f: Fixture): void {
  expect(isResult(result)).toBe(true);
  const json = JSON.stringify(result);
  expect(JSON.parse(json)).toEqual(result);
  for (const secret of [...f.secrets, f.wrongSecret]) {
    expect(json).not.toContain(secret);
    if (secret.startsWith('whsec_')) expect(json).not.toContain(secret.slice(6));
    if (f.scheme === 'basic') expect(json).not.toContain(secret.split(':')[1]);
    if (f.scheme === 'jwt-rs256') expect(json).not.toContain(secret.split('\n')[1]);
  }
}

async function verify(f: Fixture, secrets: string[], req: SignatureRequest, now = NOW): Promise<VerificationResult> {
  const result = await verifySignature(f.check(secrets), req, now);
  expectSafe(result, f);
  return result;
}

function failed(result: VerificationResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

const replaceHeader = (headers: [string, string][], name: string, value: (v: string) => string) =>
  headers.map(([n, v]): [string, string] => [n, n.toLowerCase() === name.toLowerCase() ? value(v) : v]);

describe.each(fixtures)('$scheme', (f) => {
  const [first, second] = f.secrets;

  it('accepts a request signed with the first secret', async () => {
    const result = await verify(f, f.secrets, request(await f.sign(first, f.body, NOW_S - 30), f.body));
    expect(result).toEqual({ ok: true, scheme: f.check(f.secrets).scheme, secretIndex: 0 });
  });

  it('accepts the second secret during a rotation, reporting its index', async () => {
    const result = await verify(f, [f.wrongSecret, second], request(await f.sign(second, f.body, NOW_S), f.body));
    expect(result).toMatchObject({ ok: true, secretIndex: 1 });
  });

  it(f.signsBody ? 'rejects a tampered body' : 'does not sign the body, so a changed body still passes', async () => {
    const headers = await f.sign(first, f.body, NOW_S);
    const result = await verify(f, f.secrets, request(headers, f.body.replace('Hello', 'Howdy')));
    if (!f.signsBody) {
      expect(result.ok).toBe(true);
      return;
    }
    const failure = failed(result);
    expect(failure.reason).toBe('mismatch');
    expect(failure.explanation.signedContent?.text).toContain('Howdy');
    expect(failure.explanation.secretsTried.map((s) => s.matched)).toEqual([false, false]);
  });

  it('rejects a wrong secret and explains what was tried', async () => {
    const result = failed(await verify(f, f.secrets, request(await f.sign(f.wrongSecret, f.body, NOW_S), f.body)));
    expect(result.reason).toBe('mismatch');
    const e = result.explanation;
    expect(e.secretsTried.map((s) => s.index)).toEqual([0, 1]);
    for (const s of e.secretsTried) expect(s.fingerprint).toMatch(/^[0-9a-f]{4}$/);
    expect(e.secretsTried[0]!.fingerprint).not.toBe(e.secretsTried[1]!.fingerprint);
    expect(e.headersRead.map((h) => h.name.toLowerCase())).toContain(f.header.toLowerCase());
    expect(e.summary.length).toBeGreaterThan(10);
    if (f.signsBody) expect(e.signedContent?.text).toContain('Hello');
    // Where the scheme can show an expected signature, it differs from every one received.
    for (const s of e.secretsTried) if (s.expected !== null) expect(e.received).not.toContain(s.expected);
  });

  it('rejects a missing header', async () => {
    const headers = (await f.sign(first, f.body, NOW_S)).filter(([n]) => n.toLowerCase() !== f.header.toLowerCase());
    const result = failed(await verify(f, f.secrets, request(headers, f.body)));
    expect(result.reason).toBe('missing_header');
    expect(result.explanation.summary).toContain(f.header);
    expect(result.explanation.headersRead.find((h) => h.name === f.header)?.value).toBeNull();
  });

  it('rejects a truncated signature', async () => {
    const headers = replaceHeader(await f.sign(first, f.body, NOW_S), f.header, (v) => v.slice(0, -4));
    const result = failed(await verify(f, f.secrets, request(headers, f.body)));
    expect(result.reason).toBe('mismatch');
  });

  it('rejects a malformed header', async () => {
    const headers = replaceHeader(await f.sign(first, f.body, NOW_S), f.header, () => f.malformed);
    const result = failed(await verify(f, f.secrets, request(headers, f.body)));
    expect(result.reason).toBe('malformed');
  });

  it('uses the first of two duplicated headers and says so', async () => {
    const good = await f.sign(first, f.body, NOW_S);
    const goodValue = good.find(([n]) => n.toLowerCase() === f.header.toLowerCase())![1];
    const withBadSecond = [...good, [f.header.toUpperCase(), f.malformed] as [string, string]];
    const ok = await verify(f, f.secrets, request(withBadSecond, f.body));
    expect(ok).toMatchObject({ ok: true, notes: [`${f.header} appeared 2 times; the first value was used`] });

    const badFirst: [string, string][] = [[f.header.toLowerCase(), f.malformed], ...good];
    const result = failed(await verify(f, f.secrets, request(badFirst, f.body)));
    expect(result.explanation.notes).toContain(`${f.header} appeared 2 times; the first value was used`);
    expect(goodValue).not.toBe(f.malformed);
  });
});

describe.each(fixtures.filter((f) => f.hasTimestamp))('$scheme timestamps', (f) => {
  const [first] = f.secrets;

  it('rejects a stale timestamp and reports the skew', async () => {
    const result = failed(await verify(f, f.secrets, request(await f.sign(first, f.body, NOW_S - 600), f.body)));
    expect(result.reason).toBe('timestamp_out_of_tolerance');
    const skew = result.explanation.timestamp?.skewSeconds;
    expect(typeof skew).toBe('number');
    expect(skew).toBeGreaterThan(500);
    expect(result.explanation.timestamp?.withinTolerance).toBe(false);
    expect(result.explanation.summary).toMatch(/\d+ s/);
  });

  it('rejects a timestamp in the future beyond the tolerance', async () => {
    const result = failed(await verify(f, f.secrets, request(await f.sign(first, f.body, NOW_S + 600), f.body)));
    expect(result.reason).toBe('timestamp_out_of_tolerance');
    expect(result.explanation.timestamp?.skewSeconds).toBeLessThan(-500);
    expect(result.explanation.summary).toContain('future');
  });

  it('a wrong secret with a stale timestamp is a mismatch, with the skew noted', async () => {
    const headers = await f.sign(f.wrongSecret, f.body, NOW_S - 600);
    const result = failed(await verify(f, f.secrets, request(headers, f.body)));
    expect(['mismatch', 'timestamp_out_of_tolerance']).toContain(result.reason);
    if (f.scheme !== 'jwt' && f.scheme !== 'jwt-rs256') {
      expect(result.reason).toBe('mismatch');
      expect(result.explanation.timestamp?.skewSeconds).toBe(600);
    }
  });
});
