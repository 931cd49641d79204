// Identifiers shared by the relay and the desktop. Uses Web Crypto (globalThis.crypto),
// available in Node 20 and in browsers, so protocol/ stays free of Node-only imports.

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Crockford base32: no I, L, O, U, so codes survive being read aloud or retyped.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Uniformly random characters from `alphabet`, by rejection sampling (no modulo bias). */
export function randomString(length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    const bytes = new Uint8Array(length * 2);
    globalThis.crypto.getRandomValues(bytes);
    for (const b of bytes) {
      if (b < limit) out += alphabet[b % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export const ENDPOINT_KEY_PATTERN = '^wh_[A-Za-z0-9]{32}$';

/** The secret part of a permanent webhook URL: `wh_` + 32 random alphanumerics (~190 bits). */
export function newEndpointKey(): string {
  return `wh_${randomString(32, ALPHANUMERIC)}`;
}

export function isEndpointKey(value: string): boolean {
  return /^wh_[A-Za-z0-9]{32}$/.test(value);
}

/**
 * A time-sortable id: prefix, 10 Crockford chars of milliseconds, 16 random chars.
 * Sorting ids as strings sorts them by creation time, which keeps indexes append-mostly.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  let time = '';
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `${prefix}_${time}${randomString(16, CROCKFORD)}`;
}

/** A one-time pairing code such as `K7QD-9XWM-2HPA-RT4C` (80 bits). */
export function newPairingCode(): string {
  const raw = randomString(16, CROCKFORD);
  return raw.match(/.{4}/g)?.join('-') ?? raw;
}

/** Codes are typed by people: accept lower case, missing dashes and Crockford look-alikes. */
export function normalizePairingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}
