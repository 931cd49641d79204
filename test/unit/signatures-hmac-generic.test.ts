// The generic HMAC scheme: algorithms, encodings, prefixes, templates with every placeholder,
// millisecond timestamps, secret encodings, and config problems caught before verifying.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  describeConfigProblems,
  type SignatureCheck,
  type SignatureRequest,
  SigningError,
  signRequest,
  verifySignature,
} from '../../protocol/signatures/index.js';

type HmacCheck = Extract<SignatureCheck, { scheme: 'hmac' }>;
const NOW = 1_760_000_000_000;
const BODY = '{"event":"order.created","id":42}';
const URL = 'https://relay.example.com/h/wh_x/orders?v=2';

const base: HmacCheck = {
  scheme: 'hmac',
  secrets: ['generic-secret-0123456789'],
  algorithm: 'sha256',
  encoding: 'hex',
  header: 'X-Signature',
};
const req = (headers: [string, string][], body = BODY): SignatureRequest => ({
  method: 'POST',
  url: URL,
  headers,
  body: new TextEncoder().encode(body),
});

describe('generic HMAC', () => {
  it.each([
    ['sha1', 'hex'],
    ['sha256', 'hex'],
    ['sha512', 'hex'],
    ['sha1', 'base64'],
    ['sha256', 'base64'],
    ['sha512', 'base64'],
  ] as const)('verifies %s in %s over the body by default', async (algorithm, encoding) => {
    const sig = createHmac(algorithm, base.secrets[0]!).update(BODY).digest(encoding);
    const check: HmacCheck = { ...base, algorithm, encoding };
    expect(await verifySignature(check, req([['x-signature', sig]]), NOW)).toMatchObject({ ok: true });
    // Hex compares without case; base64 in either alphabet, padded or not.
    const variant = encoding === 'hex' ? sig.toUpperCase() : Buffer.from(sig, 'base64').toString('base64url');
    expect(await verifySignature(check, req([['X-Signature', variant]]), NOW)).toMatchObject({ ok: true });
  });

  it('fills every placeholder of the template', async () => {
    const check: HmacCheck = {
      ...base,
      prefix: 'v1=',
      template: '{method} {url}\n{id}:{timestamp}:{header:X-Shop}:{body}',
      timestampHeader: 'X-Timestamp',
      timestampUnit: 'milliseconds',
      idHeader: 'X-Delivery',
    };
    const ts = String(NOW - 2000);
    const signed = `POST ${URL}\ndlv_9:${ts}:shop-1:${BODY}`;
    const sig = createHmac('sha256', base.secrets[0]!).update(signed).digest('hex');
    const headers: [string, string][] = [
      ['X-Shop', 'shop-1'],
      ['X-Delivery', 'dlv_9'],
      ['X-Timestamp', ts],
      ['X-Signature', `V1=${sig}`],
    ];
    expect(await verifySignature(check, req(headers), NOW)).toMatchObject({ ok: true });

    const result = await verifySignature(check, req(headers, `${BODY} `), NOW);
    expect(result).toMatchObject({ ok: false, reason: 'mismatch' });
    if (result.ok) return;
    expect(result.explanation.signedContent?.text).toBe(`${signed} `);
    expect(result.explanation.timestamp?.skewSeconds).toBe(2);
    expect(result.explanation.headersRead.map((h) => h.name)).toEqual([
      'X-Signature',
      'X-Timestamp',
      'X-Delivery',
      'X-Shop',
    ]);
    expect(result.explanation.secretsTried[0]!.expected).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('takes base64 and hex secrets as key bytes when told to', async () => {
    const key = Buffer.from('raw key bytes \u0000\u0001\u00ff');
    for (const secretEncoding of ['base64', 'hex'] as const) {
      const secret = key.toString(secretEncoding);
      const sig = createHmac('sha256', key).update(BODY).digest('hex');
      const check: HmacCheck = { ...base, secrets: [secret], secretEncoding };
      expect(await verifySignature(check, req([['X-Signature', sig]]), NOW)).toMatchObject({ ok: true });
    }
  });

  it('re-signs with a new timestamp and id', async () => {
    const check: HmacCheck = {
      ...base,
      template: '{id}.{timestamp}.{body}',
      timestampHeader: 'X-Timestamp',
      idHeader: 'X-Id',
      prefix: 'sha256=',
    };
    const signed = await signRequest(check, req([]), NOW);
    const h = Object.fromEntries(signed.headers);
    expect(h['X-Timestamp']).toBe(String(NOW / 1000));
    expect(h['X-Id']).toMatch(/^msg_/);
    const expected = createHmac('sha256', base.secrets[0]!)
      .update(`${h['X-Id']}.${NOW / 1000}.${BODY}`)
      .digest('hex');
    expect(h['X-Signature']).toBe(`sha256=${expected}`);
    expect(await verifySignature(check, req(signed.headers), NOW)).toMatchObject({ ok: true });
  });

  it('refuses a template that needs a header the check does not name', async () => {
    const check: HmacCheck = { ...base, template: '{timestamp}.{body}' };
    expect(describeConfigProblems(check).errors).toEqual(['the template uses {timestamp}: set a timestamp header']);
    const result = await verifySignature(check, req([['X-Signature', 'ab']]), NOW);
    expect(result).toMatchObject({ ok: false, reason: 'config_error' });
    await expect(signRequest(check, req([]), NOW)).rejects.toBeInstanceOf(SigningError);
  });

  it('warns about templates that leave the body or the timestamp unprotected', () => {
    const { warnings } = describeConfigProblems({ ...base, template: '{url}{bdy}', timestampHeader: 'X-Ts' });
    expect(warnings).toEqual([
      'the template does not include {body}: the body is not protected',
      'the timestamp header is checked for age but is not signed, so it proves nothing',
      '{bdy} is not a placeholder and is signed literally',
    ]);
  });
});

describe('config problems of other schemes', () => {
  it('catches secrets in the wrong shape', () => {
    expect(describeConfigProblems({ scheme: 'standard-webhooks', secrets: ['whsec_!!!'] }).errors).toEqual([
      'secret #1 is not valid whsec_ base64',
    ]);
    expect(describeConfigProblems({ scheme: 'basic', secrets: ['nocolon'] }).errors).toEqual([
      'secret #1 is not user:password',
    ]);
    expect(describeConfigProblems({ scheme: 'jwt', algorithm: 'RS256', secrets: ['plain'] }).errors).toHaveLength(1);
    expect(
      describeConfigProblems({ scheme: 'jwt', algorithm: 'HS256', secrets: ['-----BEGIN PUBLIC KEY-----'] }).errors,
    ).toHaveLength(1);
    expect(describeConfigProblems({ scheme: 'stripe', secrets: ['sk_live_oops'] }).warnings).toEqual([
      'secret #1 does not start with whsec_ as Stripe secrets do',
    ]);
  });

  it('reports a config error from verify without echoing the secret', async () => {
    const result = await verifySignature(
      { scheme: 'svix', secrets: ['whsec_not*base64'] },
      req([
        ['svix-id', 'msg_1'],
        ['svix-timestamp', String(NOW / 1000)],
        ['svix-signature', 'v1,AAAA'],
      ]),
      NOW,
    );
    expect(result).toMatchObject({ ok: false, reason: 'config_error' });
    expect(JSON.stringify(result)).not.toContain('not*base64');
  });
});
