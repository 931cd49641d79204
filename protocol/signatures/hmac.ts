// The shared core of every HMAC scheme: compute the expected signature with each secret, compare
// it in constant time with every signature received, then weigh the timestamp.
import { base64Decode, base64Encode, normalizeBase64 } from './base64.js';
import { fromHex, toHex, utf8 } from './bytes.js';
import { constantTimeEqualText } from './constant-time.js';
import { type HashName, hmac, hmacKey, type PreparedSecret, prepareSecrets } from './crypto-keys.js';
import { describeSignedContent, describeSkew, failure, ordinal, success } from './explain.js';
import type {
  HeaderRead,
  HmacAlgorithm,
  SecretTried,
  SignatureEncoding,
  SignatureScheme,
  TimestampCheck,
  VerificationResult,
} from './signature-check.js';

export const HASH_NAMES: Record<HmacAlgorithm, HashName> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

/** How a secret's text becomes HMAC key bytes. */
export type KeyDerivation = 'utf8' | 'base64' | 'hex' | 'whsec';

export class SecretFormatError extends Error {}

export function deriveKey(secret: string, derivation: KeyDerivation): Uint8Array {
  let bytes: Uint8Array | null;
  switch (derivation) {
    case 'utf8':
      bytes = utf8(secret);
      break;
    case 'hex':
      bytes = fromHex(secret.trim());
      break;
    case 'base64':
      bytes = base64Decode(secret.trim());
      break;
    case 'whsec':
      // Standard Webhooks: the part after "whsec_" is the base64 key; a bare base64 key is accepted too.
      bytes = base64Decode(secret.trim().replace(/^whsec_/, ''));
      break;
  }
  if (!bytes) throw new SecretFormatError(`is not valid ${derivation === 'whsec' ? 'whsec_ base64' : derivation}`);
  if (bytes.byteLength === 0) throw new SecretFormatError('decodes to an empty key');
  return bytes;
}

export async function macWith(
  secret: PreparedSecret,
  derivation: KeyDerivation,
  hash: HashName,
  data: Uint8Array,
): Promise<Uint8Array> {
  const key = await hmacKey(`${derivation}|${secret.digest}`, deriveKey(secret.secret, derivation), hash);
  return hmac(key, data);
}

export function encodeMac(mac: Uint8Array, encoding: SignatureEncoding): string {
  return encoding === 'hex' ? toHex(mac) : base64Encode(mac);
}

/** One spelling per value: hex is case-insensitive, base64 may come in either alphabet or unpadded. */
export function normalizeSignature(text: string, encoding: SignatureEncoding): string {
  return encoding === 'hex' ? text.trim().toLowerCase() : normalizeBase64(text.trim());
}

export interface MacCheck {
  scheme: SignatureScheme;
  secrets: readonly string[];
  derivation: KeyDerivation;
  hash: HashName;
  encoding: SignatureEncoding;
  /** Adds the scheme's decoration (e.g. "sha256=") so expected values read like the header. */
  display?: (encoded: string) => string;
  /** Signature values as they appear in the header(s), for the explanation. */
  received: string[];
  /** The same values stripped of decoration, to compare. */
  candidates: string[];
  signed: Uint8Array;
  headersRead: HeaderRead[];
  timestamp?: TimestampCheck | null;
  /** Where the signature came from, for the summary. */
  signatureSource: string;
  notes?: string[];
}

const ALPHABETS: Record<SignatureEncoding, RegExp> = { hex: /^[0-9a-fA-F]+$/, base64: /^[A-Za-z0-9+/_-]+={0,2}$/ };

export function looksEncoded(text: string, encoding: SignatureEncoding): boolean {
  return ALPHABETS[encoding].test(text.trim());
}

export async function verifyMac(c: MacCheck): Promise<VerificationResult> {
  if (!c.candidates.some((s) => looksEncoded(s, c.encoding))) {
    return failure(c.scheme, 'malformed', {
      summary: `${c.signatureSource} holds no ${c.encoding} signature`,
      headersRead: c.headersRead,
      timestamp: c.timestamp ?? null,
      received: c.received,
      notes: c.notes,
    });
  }
  const secrets = await prepareSecrets(c.secrets);
  const wanted = c.candidates.map((s) => normalizeSignature(s, c.encoding));
  const tried: SecretTried[] = [];
  const notes = [...(c.notes ?? [])];
  let matchedIndex = -1;
  for (const secret of secrets) {
    let mac: Uint8Array;
    try {
      mac = await macWith(secret, c.derivation, c.hash, c.signed);
    } catch (error) {
      if (!(error instanceof SecretFormatError)) throw error;
      notes.push(`${ordinal(secret.index)} (${secret.fingerprint}) ${error.message}`);
      tried.push({ index: secret.index, fingerprint: secret.fingerprint, expected: null, matched: false });
      continue;
    }
    const encoded = encodeMac(mac, c.encoding);
    const expected = normalizeSignature(encoded, c.encoding);
    let matched = false;
    // Every candidate is compared, so timing does not tell which one matched.
    for (const candidate of wanted) matched = constantTimeEqualText(expected, candidate) || matched;
    tried.push({
      index: secret.index,
      fingerprint: secret.fingerprint,
      expected: c.display ? c.display(encoded) : encoded,
      matched,
    });
    if (matched) {
      matchedIndex = secret.index;
      break;
    }
  }

  const timestamp = c.timestamp ?? null;
  if (matchedIndex >= 0 && (timestamp === null || timestamp.withinTolerance)) {
    return success(c.scheme, matchedIndex, c.headersRead);
  }
  const base = {
    headersRead: c.headersRead,
    signedContent: await describeSignedContent(c.signed),
    timestamp,
    received: c.received,
    secretsTried: tried,
  };
  if (matchedIndex >= 0 && timestamp) {
    return failure(c.scheme, 'timestamp_out_of_tolerance', {
      ...base,
      summary: `The signature matches ${ordinal(matchedIndex)}, but ${describeSkew(timestamp)}`,
      notes,
    });
  }
  if (tried.every((t) => t.expected === null)) {
    return failure(c.scheme, 'config_error', {
      ...base,
      summary: 'No configured secret could be used as a key',
      notes,
    });
  }
  // A truncated or padded signature is the commonest copy-paste slip: say so plainly.
  const expectedLengths = new Set(tried.flatMap((t) => (t.expected === null ? [] : [t.expected.length])));
  if (expectedLengths.size === 1) {
    const length = [...expectedLengths][0]!;
    for (const r of c.received) {
      if (r.length !== length)
        notes.push(`received "${shorten(r)}" is ${r.length} characters long; expected ${length}`);
    }
  }
  if (timestamp && !timestamp.withinTolerance) notes.push(describeSkew(timestamp));
  return failure(c.scheme, 'mismatch', {
    ...base,
    summary: `No configured secret produces the signature in ${c.signatureSource} (${tried.length} of ${secrets.length} secret${secrets.length === 1 ? '' : 's'} tried)`,
    notes,
  });
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

/** The first secret's signature, for re-signing. */
export async function signMac(
  secrets: readonly string[],
  derivation: KeyDerivation,
  hash: HashName,
  encoding: SignatureEncoding,
  data: Uint8Array,
): Promise<string> {
  const [first] = await prepareSecrets(secrets);
  if (!first) throw new SecretFormatError('no secret configured');
  return encodeMac(await macWith(first, derivation, hash, data), encoding);
}
