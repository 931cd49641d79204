// JWT specifics: only the configured algorithm, RS256 keys as PEM or JWK, iss/aud/exp/nbf with a
// leeway, and re-signing that keeps the original claims.
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type SignatureCheck,
  type SignatureRequest,
  SigningError,
  signRequest,
  verifySignature,
} from '../../protocol/signatures/index.js';

const NOW_S = 1_760_000_000;
const NOW = NOW_S * 1000;
const SECRET = 'jwt-shared-secret-for-tests-0123';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const JWK = JSON.stringify(keys.publicKey.export({ format: 'jwk' }));

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');
const input = (header: object, claims: object) => `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
const hs256 = (claims: object, secret = SECRET, header: object = { alg: 'HS256', typ: 'JWT' }) => {
  const i = input(header, claims);
  return `${i}.${createHmac('sha256', secret).update(i).digest('base64url')}`;
};
const rs256 = (claims: object) => {
  const i = input({ alg: 'RS256', typ: 'JWT' }, claims);
  return `${i}.${createSign('RSA-SHA256').update(i).sign(keys.privateKey).toString('base64url')}`;
};
const bearer = (token: string, name = 'Authorization', prefix = 'Bearer '): SignatureRequest => ({
  method: 'POST',
  url: 'https://relay.example.com/h/x',
  headers: [[name, `${prefix}${token}`]],
  body: new Uint8Array(),
});
const hsCheck = (extra: Partial<Extract<SignatureCheck, { scheme: 'jwt' }>> = {}): SignatureCheck => ({
  scheme: 'jwt',
  algorithm: 'HS256',
  secrets: [SECRET],
  ...extra,
});

describe('JWT verification', () => {
  it('refuses alg "none" and algorithms other than the configured one', async () => {
    const none = `${input({ alg: 'none' }, { sub: 'x' })}.`;
    expect(await verifySignature(hsCheck(), bearer(`${none}sig`), NOW)).toMatchObject({
      ok: false,
      reason: 'algorithm_not_allowed',
    });
    // The classic confusion: an HS256 token keyed with the RSA public key's text.
    const confused = hs256({ sub: 'x' }, PEM);
    const rsCheck: SignatureCheck = { scheme: 'jwt', algorithm: 'RS256', secrets: [PEM] };
    expect(await verifySignature(rsCheck, bearer(confused), NOW)).toMatchObject({
      ok: false,
      reason: 'algorithm_not_allowed',
    });
  });

  it('verifies RS256 with a PEM or a JWK public key', async () => {
    const token = rs256({ sub: 'svc', exp: NOW_S + 60 });
    for (const key of [PEM, JWK]) {
      expect(await verifySignature({ scheme: 'jwt', algorithm: 'RS256', secrets: [key] }, bearer(token), NOW)).toEqual({
        ok: true,
        scheme: 'jwt',
        secretIndex: 0,
      });
    }
  });

  it('reports an unusable RS256 key as a config error, without echoing it', async () => {
    const broken = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----';
    const result = await verifySignature(
      { scheme: 'jwt', algorithm: 'RS256', secrets: [broken] },
      bearer(rs256({ sub: 'svc' })),
      NOW,
    );
    expect(result).toMatchObject({ ok: false, reason: 'config_error' });
    expect(JSON.stringify(result)).not.toContain('AAAA\\n');
  });

  it('checks issuer and audience', async () => {
    const check = hsCheck({ issuer: 'https://issuer.example', audience: 'porthole' });
    const good = hs256({ iss: 'https://issuer.example', aud: ['other', 'porthole'], exp: NOW_S + 60 });
    expect(await verifySignature(check, bearer(good), NOW)).toMatchObject({ ok: true });
    const wrongAud = await verifySignature(check, bearer(hs256({ iss: 'https://issuer.example', aud: 'x' })), NOW);
    expect(wrongAud).toMatchObject({ ok: false, reason: 'claim_mismatch' });
    if (!wrongAud.ok) expect(wrongAud.explanation.summary).toContain('aud');
    const wrongIss = await verifySignature(check, bearer(hs256({ iss: 'evil', aud: 'porthole' })), NOW);
    expect(wrongIss).toMatchObject({ ok: false, reason: 'claim_mismatch' });
  });

  it('applies the leeway to exp and nbf, and can require exp', async () => {
    expect(await verifySignature(hsCheck(), bearer(hs256({ exp: NOW_S - 30 })), NOW)).toMatchObject({ ok: true });
    const expired = await verifySignature(hsCheck(), bearer(hs256({ exp: NOW_S - 90 })), NOW);
    expect(expired).toMatchObject({ ok: false, reason: 'timestamp_out_of_tolerance' });
    if (!expired.ok) {
      expect(expired.explanation.timestamp).toMatchObject({
        source: 'exp claim',
        skewSeconds: 90,
        toleranceSeconds: 60,
      });
      expect(expired.explanation.summary).toContain('expired 90 s ago');
    }
    const early = await verifySignature(hsCheck(), bearer(hs256({ nbf: NOW_S + 120 })), NOW);
    expect(early).toMatchObject({ ok: false, reason: 'timestamp_out_of_tolerance' });
    expect(
      await verifySignature(hsCheck({ toleranceSeconds: 300 }), bearer(hs256({ nbf: NOW_S + 120 })), NOW),
    ).toMatchObject({
      ok: true,
    });
    expect(await verifySignature(hsCheck({ requireExp: true }), bearer(hs256({ sub: 'x' })), NOW)).toMatchObject({
      ok: false,
      reason: 'claim_mismatch',
    });
  });

  it('reads the token from another header, with or without a prefix', async () => {
    const token = hs256({ sub: 'x' });
    const check = hsCheck({ header: 'X-Webhook-Token', prefix: '' });
    expect(await verifySignature(check, bearer(token, 'x-webhook-token', ''), NOW)).toMatchObject({ ok: true });
    expect(await verifySignature(hsCheck(), bearer(token, 'Authorization', 'bearer '), NOW)).toMatchObject({
      ok: true,
    });
  });

  it('shows the decoded header and claims and the expected signature on a mismatch', async () => {
    const result = await verifySignature(hsCheck(), bearer(hs256({ sub: 'user-7' }, 'another-secret')), NOW);
    expect(result).toMatchObject({ ok: false, reason: 'mismatch' });
    if (result.ok) return;
    expect(result.explanation.notes.join('\n')).toContain('"sub":"user-7"');
    expect(result.explanation.secretsTried[0]!.expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.explanation.signedContent?.text.split('.')).toHaveLength(2);
  });
});

describe('JWT re-signing', () => {
  it('signs HS256 afresh, keeping the original claims and refreshing the times', async () => {
    const original = hs256({ sub: 'user-7', scope: 'hooks', iat: NOW_S - 7200, exp: NOW_S - 6600 });
    const later = NOW + 1000;
    const signed = await signRequest(hsCheck({ issuer: 'porthole-tests' }), bearer(original), later);
    const [name, value] = signed.headers[0]!;
    expect(name).toBe('Authorization');
    const token = value.replace(/^Bearer /, '');
    const [h, p, s] = token.split('.');
    expect(createHmac('sha256', SECRET).update(`${h}.${p}`).digest('base64url')).toBe(s);
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    expect(claims).toEqual({ sub: 'user-7', scope: 'hooks', iss: 'porthole-tests', iat: NOW_S + 1, exp: NOW_S + 601 });
    expect(await verifySignature(hsCheck({ issuer: 'porthole-tests' }), bearer(token), later)).toMatchObject({
      ok: true,
    });
  });

  it('explains that RS256 cannot be re-signed with a public key', async () => {
    const attempt = signRequest({ scheme: 'jwt', algorithm: 'RS256', secrets: [PEM] }, bearer(rs256({})), NOW);
    await expect(attempt).rejects.toBeInstanceOf(SigningError);
    await expect(attempt).rejects.toMatchObject({
      code: 'cannot_sign',
      message: expect.stringContaining('private key'),
    });
  });
});
