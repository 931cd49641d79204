// Secret fingerprints and a cache of imported CryptoKeys. The relay verifies on every request,
// so a key is imported once per (secret, use) and found again by the secret's digest — the
// cache is keyed by digests, never by the secret text itself.
import { plainBytes, sha256Hex, utf8 } from './bytes.js';

type Subtle = typeof globalThis.crypto.subtle;
export type Key = Awaited<ReturnType<Subtle['importKey']>>;

export interface PreparedSecret {
  index: number;
  secret: string;
  /** SHA-256 hex of the secret's UTF-8 text. */
  digest: string;
  /** Enough to tell secrets apart in an explanation, far too little to guess one from. */
  fingerprint: string;
}

export const FINGERPRINT_LENGTH = 4;

// Configs are usually long-lived objects, so remember digests per secrets array; the stored copy
// guards against an array that was changed in place.
const prepared = new WeakMap<readonly string[], { copy: string[]; result: PreparedSecret[] }>();

export async function prepareSecrets(secrets: readonly string[]): Promise<PreparedSecret[]> {
  const hit = prepared.get(secrets);
  if (hit && hit.copy.length === secrets.length && hit.copy.every((s, i) => s === secrets[i])) return hit.result;
  const result = await Promise.all(
    secrets.map(async (secret, index) => {
      const digest = await sha256Hex(utf8(secret));
      return { index, secret, digest, fingerprint: digest.slice(0, FINGERPRINT_LENGTH) };
    }),
  );
  prepared.set(secrets, { copy: [...secrets], result });
  return result;
}

const MAX_KEYS = 1024;
const keys = new Map<string, Promise<Key>>();

/** Imports once per cache id; a failed import is forgotten so a fixed config can try again. */
export function cachedKey(id: string, load: () => Promise<Key>): Promise<Key> {
  const hit = keys.get(id);
  if (hit) {
    // Re-insert to keep the Map's order least-recently-used first.
    keys.delete(id);
    keys.set(id, hit);
    return hit;
  }
  const promise = load();
  keys.set(id, promise);
  promise.catch(() => keys.delete(id));
  if (keys.size > MAX_KEYS) {
    const oldest = keys.keys().next().value;
    if (oldest !== undefined) keys.delete(oldest);
  }
  return promise;
}

export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-512';

export function hmacKey(cacheId: string, keyBytes: Uint8Array, hash: HashName): Promise<Key> {
  return cachedKey(`hmac|${hash}|${cacheId}`, () =>
    globalThis.crypto.subtle.importKey('raw', plainBytes(keyBytes), { name: 'HMAC', hash }, false, ['sign']),
  );
}

export async function hmac(key: Key, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, plainBytes(data)));
}

/** For tests: how many keys are cached. */
export function cachedKeyCount(): number {
  return keys.size;
}
