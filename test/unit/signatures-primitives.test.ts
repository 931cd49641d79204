// The pieces under the schemes: base64, constant-time comparison, header lookup, the key cache,
// the config schema and presets, and how long signed content is cut in an explanation.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cachedKeyCount } from '../../protocol/signatures/crypto-keys.js';
import {
  applySignedHeaders,
  base64Decode,
  base64Encode,
  base64UrlEncode,
  checkFromPreset,
  constantTimeEqual,
  presets,
  readHeader,
  SIGNATURE_SCHEMES,
  SIGNED_TEXT_LIMIT,
  SignatureCheck,
  verifySignature,
} from '../../protocol/signatures/index.js';
import { validator } from '../../protocol/validator.js';

const isCheck = validator(SignatureCheck);

describe('base64', () => {
  it('round-trips every length against Node, in both alphabets', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = randomBytes(n);
      expect(base64Encode(bytes)).toBe(bytes.toString('base64'));
      expect(base64UrlEncode(bytes)).toBe(bytes.toString('base64url'));
      expect(Buffer.from(base64Decode(bytes.toString('base64'))!)).toEqual(bytes);
      expect(Buffer.from(base64Decode(bytes.toString('base64url'))!)).toEqual(bytes);
    }
  });

  it('refuses what is not base64', () => {
    for (const bad of ['a', 'ab=c', 'abc*', 'ab cd', 'abcde', 'ab=', '====']) expect(base64Decode(bad)).toBeNull();
  });
});

describe('constantTimeEqual', () => {
  it('compares bytes and never throws on a length mismatch', () => {
    const a = new Uint8Array([1, 2, 3, 4]);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3, 4]))).toBe(true);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3, 5]))).toBe(false);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3]))).toBe(false);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3, 4, 0]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(), a)).toBe(false);
    expect(constantTimeEqual(new Uint8Array(), new Uint8Array())).toBe(true);
  });
});

describe('headers', () => {
  const headers: [string, string][] = [
    ['Content-Type', 'application/json'],
    ['X-Sig', 'first'],
    ['x-sig', 'second'],
  ];

  it('finds headers in any case and uses the first of duplicates', () => {
    expect(readHeader(headers, 'X-SIG')).toEqual({ name: 'X-SIG', value: 'first', occurrences: 2 });
    expect(readHeader(headers, 'missing')).toEqual({ name: 'missing', value: null, occurrences: 0 });
  });

  it('applies signed headers in place of the old ones, keeping order', () => {
    const out = applySignedHeaders(headers, [
      ['X-Sig', 'new'],
      ['X-Timestamp', '1'],
    ]);
    expect(out).toEqual([
      ['Content-Type', 'application/json'],
      ['X-Sig', 'new'],
      ['X-Timestamp', '1'],
    ]);
  });
});

describe('key cache', () => {
  it('imports a key once per secret, however often it verifies', async () => {
    const secret = `cache-probe-${Math.random()}`;
    const body = 'cached';
    const check: SignatureCheck = { scheme: 'shopify', secrets: [secret] };
    const headers: [string, string][] = [
      ['X-Shopify-Hmac-Sha256', createHmac('sha256', secret).update(body).digest('base64')],
    ];
    const request = { method: 'POST', url: 'https://x/h', headers, body: new TextEncoder().encode(body) };
    await verifySignature(check, request);
    const after = cachedKeyCount();
    for (let i = 0; i < 50; i++) {
      // A fresh but equal config object, as a relay that re-reads its config would pass.
      expect(await verifySignature({ scheme: 'shopify', secrets: [secret] }, request)).toMatchObject({ ok: true });
    }
    expect(cachedKeyCount()).toBe(after);
  });
});

describe('config model', () => {
  it('validates checks and refuses unknown options, no secret or too many', () => {
    expect(isCheck({ scheme: 'stripe', secrets: ['whsec_x'], toleranceSeconds: 300 })).toBe(true);
    expect(isCheck({ scheme: 'github', secrets: ['s'], algorithm: 'sha1' })).toBe(true);
    expect(isCheck({ scheme: 'github', secrets: ['s'], algorithm: 'md5' })).toBe(false);
    expect(isCheck({ scheme: 'stripe', secrets: [] })).toBe(false);
    expect(isCheck({ scheme: 'stripe', secrets: ['1', '2', '3', '4', '5', '6'] })).toBe(false);
    expect(isCheck({ scheme: 'stripe', secrets: ['s'], header: 'X' })).toBe(false);
    expect(isCheck({ scheme: 'hmac', secrets: ['s'], algorithm: 'sha256', encoding: 'hex' })).toBe(false);
    expect(isCheck({ scheme: 'jwt', secrets: ['s'] })).toBe(false);
    expect(isCheck({ scheme: 'nope', secrets: ['s'] })).toBe(false);
  });

  it('has a preset for every scheme, each making a valid check', () => {
    expect(Object.keys(presets).sort()).toEqual([...SIGNATURE_SCHEMES].sort());
    for (const scheme of SIGNATURE_SCHEMES) {
      const preset = presets[scheme];
      expect(preset.scheme).toBe(scheme);
      expect(preset.headers.length).toBeGreaterThan(0);
      const secret = scheme === 'basic' ? 'user:pass' : 'secret';
      expect(isCheck(checkFromPreset(scheme, [secret])), scheme).toBe(true);
    }
    expect(presets.stripe).toMatchObject({ headers: ['Stripe-Signature'], toleranceSeconds: 300 });
    expect(presets.github.toleranceSeconds).toBeNull();
  });
});

describe('explanations of large bodies', () => {
  it('cut the signed text, note its length and give a digest of all of it', async () => {
    const body = `{"blob":"${'x'.repeat(100_000)}"}`;
    const request = {
      method: 'POST',
      url: 'https://x/h',
      headers: [['X-Hub-Signature-256', `sha256=${'0'.repeat(64)}`]] as [string, string][],
      body: new TextEncoder().encode(body),
    };
    const result = await verifySignature({ scheme: 'github', secrets: ['s3cret-value'] }, request);
    expect(result).toMatchObject({ ok: false, reason: 'mismatch' });
    if (result.ok) return;
    const content = result.explanation.signedContent!;
    expect(content.truncated).toBe(true);
    expect(content.byteLength).toBe(body.length);
    expect(content.text).toBe(body.slice(0, SIGNED_TEXT_LIMIT));
    expect(content.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(JSON.stringify(result).length).toBeLessThan(SIGNED_TEXT_LIMIT + 2000);
  });

  it('are not needed for a Node Buffer body sliced from a shared pool', async () => {
    const pool = Buffer.from(`junk-before|{"a":1}|junk-after`);
    const body = pool.subarray(12, 19);
    const sig = createHmac('sha256', 'k-123456').update('{"a":1}').digest('base64');
    const result = await verifySignature(
      { scheme: 'shopify', secrets: ['k-123456'] },
      { method: 'POST', url: 'https://x/h', headers: [['X-Shopify-Hmac-Sha256', sig]], body },
    );
    expect(result).toMatchObject({ ok: true });
  });
});
