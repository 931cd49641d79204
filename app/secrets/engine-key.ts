// The engine's store key: 32 random bytes that seal secrets in the engine's SQLite (endpoint
// signing secrets). It lives in the engine's SecretStore under `store-key`, so in the desktop
// app Electron's safeStorage (the OS keyring) protects it, and headless it is a 0600 file —
// never in the database it protects. Made at first open.
import { randomBytes } from 'node:crypto';
import { SECRET_KEY_BYTES } from '../../protocol/crypto/secret-box.js';
import type { SecretStore } from './secret-store.js';

export const STORE_KEY_SECRET = 'store-key';

export class EngineKeyError extends Error {
  override name = 'EngineKeyError';
}

export function loadEngineKey(secrets: SecretStore): { key: Buffer; created: boolean } {
  const stored = secrets.get(STORE_KEY_SECRET);
  if (stored !== null) {
    const key = Buffer.from(stored.trim(), 'base64');
    // Never replace a damaged key silently: what it sealed would be lost without a word.
    if (key.byteLength !== SECRET_KEY_BYTES || key.toString('base64') !== stored.trim()) {
      throw new EngineKeyError(
        `the engine's store key (secret "${STORE_KEY_SECRET}") is damaged: it is not ${SECRET_KEY_BYTES} bytes of base64`,
      );
    }
    return { key, created: false };
  }
  const key = randomBytes(SECRET_KEY_BYTES);
  secrets.set(STORE_KEY_SECRET, key.toString('base64'));
  return { key, created: true };
}
