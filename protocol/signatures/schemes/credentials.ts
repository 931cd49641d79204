// Shared by HTTP Basic and API keys: the "signature" is the secret itself, so nothing secret-like
// is ever echoed — received values and secrets are shown as lengths and fingerprints only.
import { sha256Hex, utf8 } from '../bytes.js';
import { constantTimeEqualText } from '../constant-time.js';
import { FINGERPRINT_LENGTH, prepareSecrets } from '../crypto-keys.js';
import type { SecretTried } from '../signature-check.js';

export async function fingerprintOf(text: string): Promise<string> {
  return (await sha256Hex(utf8(text))).slice(0, FINGERPRINT_LENGTH);
}

/** Compares `received` with every secret (no early exit); returns the first match's index or -1. */
export async function matchCredential(
  secrets: readonly string[],
  received: string,
): Promise<{ index: number; tried: SecretTried[] }> {
  const prepared = await prepareSecrets(secrets);
  let index = -1;
  const tried = prepared.map((s) => {
    const matched = constantTimeEqualText(s.secret, received);
    if (matched && index < 0) index = s.index;
    return { index: s.index, fingerprint: s.fingerprint, expected: null, matched };
  });
  return { index, tried };
}

/** Authorization-style prefixes ("Bearer ") compare without case, per RFC 9110's auth-scheme. */
export function stripPrefix(value: string, prefix: string): string | null {
  if (prefix === '') return value.trim();
  const trimmedPrefix = prefix.trim();
  const head = value.trimStart();
  if (head.slice(0, trimmedPrefix.length).toLowerCase() !== trimmedPrefix.toLowerCase()) return null;
  const rest = head.slice(trimmedPrefix.length);
  // "Bearer" must be followed by whitespace when the configured prefix ended in a space.
  if (prefix.endsWith(' ') && rest !== '' && !/^\s/.test(rest)) return null;
  return rest.trim();
}

export function defaultPrefix(header: string, prefix: string | undefined): string {
  return prefix ?? (header.toLowerCase() === 'authorization' ? 'Bearer ' : '');
}
