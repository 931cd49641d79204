// JWT in a header (Authorization: Bearer by default): HS256 with a shared secret, or RS256 with
// a configured public key (PEM SPKI or JWK). Only the configured algorithm is accepted — never
// "none", never HS256 with an RSA key's text as the secret. Optional iss/aud checks; exp, nbf
// and iat are checked with a leeway.
import { base64Decode, base64UrlEncode } from '../base64.js';
import { plainBytes, utf8, utf8Text } from '../bytes.js';
import { cachedKey, type Key, prepareSecrets } from '../crypto-keys.js';
import { SigningError } from '../errors.js';
import { describeSignedContent, failure, missingHeaders, ordinal, success } from '../explain.js';
import { readHeader } from '../headers.js';
import { signMac, verifyMac } from '../hmac.js';
import { DEFAULT_JWT_LEEWAY_SECONDS } from '../presets.js';
import type { CheckOf, HeaderRead, SecretTried, TimestampCheck, VerificationResult } from '../signature-check.js';
import { defaultPrefix, stripPrefix } from './credentials.js';
import type { SchemeModule } from './types.js';

type JwtCheck = CheckOf<'jwt'>;
type Json = Record<string, unknown>;

interface ParsedToken {
  header: Json;
  claims: Json;
  signingInput: string;
  signature: string;
}

function decodeJsonPart(part: string): Json | null {
  const bytes = base64Decode(part);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(utf8Text(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

function parseToken(token: string): ParsedToken | string {
  const parts = token.split('.');
  if (parts.length !== 3) return `a JWT has 3 dot-separated parts; this has ${parts.length}`;
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJsonPart(h);
  if (!header) return 'the JWT header is not base64url JSON';
  const claims = decodeJsonPart(p);
  if (!claims) return 'the JWT payload is not base64url JSON';
  if (s === '') return 'the JWT has no signature';
  return { header, claims, signingInput: `${h}.${p}`, signature: s };
}

function where(check: JwtCheck) {
  const header = check.header ?? 'Authorization';
  return { header, prefix: defaultPrefix(header, check.prefix) };
}

function readToken(check: JwtCheck, headers: readonly (readonly [string, string])[]) {
  const { header, prefix } = where(check);
  const read = readHeader(headers, header);
  const token = read.value === null ? null : stripPrefix(read.value, prefix);
  return { header, prefix, read, token };
}

/** A JWT's claims (not secret, but capped) for the explanation. */
function describeToken(t: ParsedToken): string[] {
  const cap = (v: unknown) => {
    const s = JSON.stringify(v);
    return s.length > 500 ? `${s.slice(0, 500)}…` : s;
  };
  return [`JWT header: ${cap(t.header)}`, `JWT claims: ${cap(t.claims)}`];
}

const numeric = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** exp, nbf and iat against now with the leeway; the first one out of bounds, or null. */
function timeClaimProblem(
  claims: Json,
  nowMs: number,
  leeway: number,
  requireExp: boolean,
): TimestampCheck | string | null {
  const now = nowMs / 1000;
  const make = (claim: string, value: number, skew: number): TimestampCheck => ({
    source: `${claim} claim`,
    value: String(value),
    unixSeconds: value,
    nowUnixSeconds: Math.floor(now),
    skewSeconds: Math.round(skew * 1000) / 1000,
    toleranceSeconds: leeway,
    withinTolerance: false,
  });
  for (const claim of ['exp', 'nbf', 'iat']) {
    if (claims[claim] !== undefined && numeric(claims[claim]) === null) return `the ${claim} claim is not a number`;
  }
  const exp = numeric(claims.exp);
  const nbf = numeric(claims.nbf);
  const iat = numeric(claims.iat);
  if (exp === null && requireExp) return 'the token has no exp claim, and the check requires one';
  if (exp !== null && now > exp + leeway) return make('exp', exp, now - exp);
  if (nbf !== null && now < nbf - leeway) return make('nbf', nbf, now - nbf);
  if (iat !== null && now < iat - leeway) return make('iat', iat, now - iat);
  return null;
}

function claimProblem(check: JwtCheck, claims: Json): string | null {
  if (check.issuer !== undefined && claims.iss !== check.issuer) {
    return `iss is ${JSON.stringify(claims.iss ?? null)}, expected "${check.issuer}"`;
  }
  if (check.audience !== undefined) {
    const aud = claims.aud;
    const ok = Array.isArray(aud) ? aud.includes(check.audience) : aud === check.audience;
    if (!ok) return `aud is ${JSON.stringify(aud ?? null)}, expected it to include "${check.audience}"`;
  }
  return null;
}

function pemBody(text: string): Uint8Array | null {
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/.exec(text);
  return m ? base64Decode(m[1]!.replace(/\s+/g, '')) : null;
}

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

async function rsaKey(secret: string, digest: string): Promise<Key> {
  return cachedKey(`rsa|${digest}`, async () => {
    const text = secret.trim();
    if (text.startsWith('{')) {
      // JsonWebKey is a DOM type and a node:crypto type under different names; Web Crypto
      // validates the object itself, so it is passed through untyped.
      const jwk: unknown = JSON.parse(text);
      return globalThis.crypto.subtle.importKey('jwk', jwk as never, RSA, false, ['verify']);
    }
    if (text.includes('BEGIN RSA PUBLIC KEY')) {
      throw new Error('is a PKCS#1 "RSA PUBLIC KEY"; give the SPKI form ("-----BEGIN PUBLIC KEY-----")');
    }
    const der = pemBody(text);
    if (!der) throw new Error('is neither a PEM public key nor a JWK');
    return globalThis.crypto.subtle.importKey('spki', plainBytes(der), RSA, false, ['verify']);
  });
}

async function verifyRs256(check: JwtCheck, token: ParsedToken, reads: HeaderRead[]): Promise<VerificationResult> {
  const signature = base64Decode(token.signature);
  const data = utf8(token.signingInput);
  const tried: SecretTried[] = [];
  const notes: string[] = [];
  let matched = -1;
  for (const secret of await prepareSecrets(check.secrets)) {
    let ok = false;
    try {
      const key = await rsaKey(secret.secret, secret.digest);
      ok = signature !== null && (await globalThis.crypto.subtle.verify(RSA, key, plainBytes(signature), data));
    } catch (error) {
      notes.push(
        `key ${ordinal(secret.index)} (${secret.fingerprint}) ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    tried.push({ index: secret.index, fingerprint: secret.fingerprint, expected: null, matched: ok });
    if (ok) {
      matched = secret.index;
      break;
    }
  }
  if (matched >= 0) return success('jwt', matched, reads);
  const usable = notes.length < tried.length;
  return failure('jwt', usable ? 'mismatch' : 'config_error', {
    summary: usable
      ? 'No configured public key verifies the JWT signature'
      : 'No configured public key could be imported',
    headersRead: reads,
    signedContent: await describeSignedContent(data),
    received: [token.signature],
    secretsTried: tried,
    notes: [
      ...notes,
      ...describeToken(token),
      'RS256 signatures cannot be recomputed from a public key, so none is shown as expected',
    ],
  });
}

export const jwt: SchemeModule<'jwt'> = {
  async verify({ check, request, nowMs }) {
    const { header, prefix, read, token } = readToken(check, request.headers);
    if (read.value === null) return missingHeaders('jwt', [read]);
    const parsed = token === null ? `${header} does not start with "${prefix}"` : parseToken(token);
    if (typeof parsed === 'string') {
      return failure('jwt', 'malformed', { summary: parsed, headersRead: [read] });
    }
    const alg = parsed.header.alg;
    if (alg !== check.algorithm) {
      return failure('jwt', 'algorithm_not_allowed', {
        summary: `The JWT is signed with ${JSON.stringify(alg ?? null)}; this check accepts only ${check.algorithm}`,
        headersRead: [read],
        notes: describeToken(parsed),
      });
    }
    const signatureResult =
      check.algorithm === 'HS256'
        ? await verifyMac({
            scheme: 'jwt',
            secrets: check.secrets,
            derivation: 'utf8',
            hash: 'SHA-256',
            encoding: 'base64',
            display: (b64) => base64UrlEncode(base64Decode(b64)!),
            received: [parsed.signature],
            candidates: [parsed.signature],
            signed: utf8(parsed.signingInput),
            headersRead: [read],
            signatureSource: `the JWT in ${header}`,
            notes: describeToken(parsed),
          })
        : await verifyRs256(check, parsed, [read]);
    if (!signatureResult.ok) return signatureResult;

    const leeway = check.toleranceSeconds ?? DEFAULT_JWT_LEEWAY_SECONDS;
    const timeProblem = timeClaimProblem(parsed.claims, nowMs, leeway, check.requireExp ?? false);
    const otherProblem = claimProblem(check, parsed.claims);
    if (timeProblem === null && otherProblem === null) return signatureResult;
    const base = {
      headersRead: [read],
      signedContent: await describeSignedContent(utf8(parsed.signingInput)),
      received: [parsed.signature],
      notes: [`the signature is valid (${ordinal(signatureResult.secretIndex)})`, ...describeToken(parsed)],
    };
    if (timeProblem !== null && typeof timeProblem !== 'string') {
      const s = timeProblem.skewSeconds!;
      const what =
        timeProblem.source === 'exp claim'
          ? `expired ${s} s ago (exp claim)`
          : timeProblem.source === 'nbf claim'
            ? `is not valid until ${-s} s in the future (nbf claim)`
            : `claims to be issued ${-s} s in the future (iat claim)`;
      return failure('jwt', 'timestamp_out_of_tolerance', {
        ...base,
        summary: `The token ${what}; leeway ${leeway} s`,
        timestamp: timeProblem,
      });
    }
    return failure('jwt', 'claim_mismatch', { ...base, summary: `The token's claims: ${timeProblem ?? otherProblem}` });
  },

  async sign({ check, request, nowMs }) {
    if (check.algorithm !== 'HS256') {
      throw new SigningError(
        'cannot_sign',
        'RS256 tokens are signed with a private key, and this check holds only public keys; re-signing is not possible',
      );
    }
    const { header, prefix, token } = readToken(check, request.headers);
    const previous = token === null ? null : parseToken(token);
    const old = typeof previous === 'string' || previous === null ? null : previous;
    const now = Math.floor(nowMs / 1000);
    // Keep the original claims (sub, custom ones) so the handler sees the same principal;
    // refresh the times, keeping the original lifetime.
    const claims: Json = { ...(old?.claims ?? {}) };
    const oldIat = numeric(claims.iat);
    const oldExp = numeric(claims.exp);
    const lifetime = oldIat !== null && oldExp !== null && oldExp > oldIat ? oldExp - oldIat : 300;
    claims.iat = now;
    claims.exp = now + lifetime;
    if (claims.nbf !== undefined) claims.nbf = now;
    if (check.issuer !== undefined) claims.iss = check.issuer;
    if (check.audience !== undefined && claimProblem({ ...check, issuer: undefined }, claims) !== null) {
      claims.aud = check.audience;
    }
    const jwtHeader: Json = { alg: 'HS256', typ: 'JWT' };
    if (typeof old?.header.kid === 'string') jwtHeader.kid = old.header.kid;
    const input = `${base64UrlEncode(utf8(JSON.stringify(jwtHeader)))}.${base64UrlEncode(utf8(JSON.stringify(claims)))}`;
    const sig = await signMac(check.secrets, 'utf8', 'SHA-256', 'base64', utf8(input));
    return { headers: [[header, `${prefix}${input}.${base64UrlEncode(base64Decode(sig)!)}`]] };
  },
};
