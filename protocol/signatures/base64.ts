// A small base64 codec of our own: atob/btoa work on "binary strings" and differ in what they
// tolerate across runtimes; this one is explicit about both alphabets and padding.

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  DECODE[STANDARD.charCodeAt(i)] = i;
  DECODE[URL_SAFE.charCodeAt(i)] = i;
}

function encodeWith(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

export function base64Encode(bytes: Uint8Array): string {
  return encodeWith(bytes, STANDARD, true);
}

/** RFC 4648 §5 without padding, as JWTs use it. */
export function base64UrlEncode(bytes: Uint8Array): string {
  return encodeWith(bytes, URL_SAFE, false);
}

/**
 * Accepts either alphabet, with or without padding; whitespace is not allowed. Returns null
 * for anything that is not base64 (a length of 4n+1 can never be, so it is refused too).
 */
export function base64Decode(text: string): Uint8Array<ArrayBuffer> | null {
  const body = text.replace(/={1,2}$/, '');
  if (body.length % 4 === 1) return null;
  if (text.length !== body.length && text.length % 4 !== 0) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const value = code < 128 ? DECODE[code]! : -1;
    if (value < 0) return null;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** One spelling per value, for comparing base64 text across alphabets and padding styles. */
export function normalizeBase64(text: string): string {
  return text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
}
