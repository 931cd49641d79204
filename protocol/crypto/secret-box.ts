// AES-256-GCM sealing of a string or JSON value under a 32-byte key, as text fit for a
// database column. Written once, here, for both sides: the relay seals signing secrets under
// its master key, the engine under its store key. protocol/ may not import node:*, and app/
// may not import relay-server/, so this is the one place both can share — hence Web Crypto
// (globalThis.crypto.subtle, async), which Node and Electron both provide.
//
// Format: `v1.<key id>.<nonce>.<ciphertext+tag>`, each part base64url without padding.
// - nonce: 96 random bits per seal (GCM's own size; safe far beyond the number of secrets
//   a relay or engine will ever seal under one key).
// - key id: 48 bits of a SHA-256 of the key, so a wrong key is told apart from tampering.
// - associated data: the caller's label for where the value lives (row + field) together
//   with the version and key id, so a ciphertext moved to another row or field will not open.
import { base64Decode, base64UrlEncode } from '../signatures/base64.js';
import { concatBytes, plainBytes, utf8, utf8Text } from '../signatures/bytes.js';

type Subtle = typeof globalThis.crypto.subtle;
type AesKey = Awaited<ReturnType<Subtle['importKey']>>;

export const SECRET_BOX_VERSION = 'v1';
export const SECRET_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_BYTES = 6;
const KEY_ID_DOMAIN = utf8('porthole secret-box key id\0');

export type SecretBoxErrorCode =
  | 'bad_key'
  | 'bad_label'
  | 'malformed'
  | 'unsupported_version'
  | 'wrong_key'
  | 'tampered';

export class SecretBoxError extends Error {
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** True for text in this module's sealed format (any version); says nothing of whether it opens. */
export function looksSealed(text: string): boolean {
  return /^v\d+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text);
}

export async function secretKeyId(rawKey: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', concatBytes([KEY_ID_DOMAIN, rawKey])));
  return base64UrlEncode(digest.subarray(0, KEY_ID_BYTES));
}

export class SecretBox {
  private constructor(
    private readonly key: AesKey,
    /** Safe to show or log: identifies the key, reveals nothing of it. */
    readonly keyId: string,
    private readonly keyName: string,
  ) {}

  /**
   * `keyName` says which key this is in error messages, e.g. "the master key". The raw bytes
   * are imported non-extractable; the caller may wipe its copy afterwards.
   */
  static async create(rawKey: Uint8Array, keyName = 'the key'): Promise<SecretBox> {
    if (rawKey.byteLength !== SECRET_KEY_BYTES) {
      throw new SecretBoxError('bad_key', `${keyName} must be ${SECRET_KEY_BYTES} bytes, not ${rawKey.byteLength}`);
    }
    const bytes = plainBytes(rawKey);
    const key = await globalThis.crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, [
      'encrypt',
      'decrypt',
    ]);
    return new SecretBox(key, await secretKeyId(bytes), keyName);
  }

  async seal(plaintext: string, label: string): Promise<string> {
    const nonce = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
    const sealed = await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: nonce, additionalData: this.associatedData(label), tagLength: TAG_BYTES * 8 },
      this.key,
      utf8(plaintext),
    );
    return [SECRET_BOX_VERSION, this.keyId, base64UrlEncode(nonce), base64UrlEncode(new Uint8Array(sealed))].join('.');
  }

  async open(sealed: string, label: string): Promise<string> {
    const parts = sealed.split('.');
    if (parts.length === 4 && /^v\d+$/.test(parts[0]!) && parts[0] !== SECRET_BOX_VERSION) {
      throw new SecretBoxError(
        'unsupported_version',
        `cannot decrypt: sealed with format ${parts[0]}, this Porthole reads ${SECRET_BOX_VERSION}`,
      );
    }
    const nonce = parts.length === 4 && parts[0] === SECRET_BOX_VERSION ? base64Decode(parts[2]!) : null;
    const body = nonce ? base64Decode(parts[3]!) : null;
    if (!nonce || nonce.byteLength !== NONCE_BYTES || !body || body.byteLength < TAG_BYTES) {
      throw new SecretBoxError('malformed', `cannot decrypt: not a sealed value (expected ${SECRET_BOX_VERSION}.…)`);
    }
    if (parts[1] !== this.keyId) {
      throw new SecretBoxError(
        'wrong_key',
        `cannot decrypt: ${this.keyName} differs from the one that sealed it (sealed under key id ${parts[1]}, this is ${this.keyId})`,
      );
    }
    let plain: ArrayBuffer;
    try {
      plain = await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: nonce, additionalData: this.associatedData(label), tagLength: TAG_BYTES * 8 },
        this.key,
        body,
      );
    } catch {
      // GCM cannot say which: both mean the value must not be trusted.
      throw new SecretBoxError(
        'tampered',
        `cannot decrypt "${label}": the sealed value was altered, or it was sealed for another row or field`,
      );
    }
    return utf8Text(new Uint8Array(plain));
  }

  sealJson(value: unknown, label: string): Promise<string> {
    return this.seal(JSON.stringify(value), label);
  }

  async openJson(sealed: string, label: string): Promise<unknown> {
    const text = await this.open(sealed, label);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SecretBoxError('malformed', `"${label}" opened, but it does not hold JSON`);
    }
  }

  private associatedData(label: string): Uint8Array<ArrayBuffer> {
    // An empty label would let a value open anywhere: every sealed value says where it belongs.
    if (label.length === 0)
      throw new SecretBoxError('bad_label', 'a sealed value needs a label naming its row and field');
    return utf8(`${SECRET_BOX_VERSION}.${this.keyId}.${label}`);
  }
}
