// Device tokens look like `phd_{deviceId}.{secret}`: the id finds the row, the secret is
// checked against the stored SHA-256 hash in constant time, so a leaked database cannot
// be replayed and a lookup never compares secrets in SQL.
import { newId } from '../../protocol/ids.js';
import type { DeviceRecord, RelayStore } from '../store/relay-store.js';
import { hashesEqual, newTokenSecret, sha256 } from './token-hash.js';

export interface IssuedDeviceToken {
  deviceId: string;
  token: string;
  tokenHash: Buffer;
}

export function issueDeviceToken(now: number = Date.now()): IssuedDeviceToken {
  const deviceId = newId('dev', now);
  const secret = newTokenSecret();
  return { deviceId, token: `phd_${deviceId}.${secret}`, tokenHash: sha256(secret) };
}

/** Returns the live device the token belongs to, or null (unknown, malformed, wrong, revoked). */
export async function authenticateDevice(store: RelayStore, token: string): Promise<DeviceRecord | null> {
  const match = /^phd_(dev_[0-9A-Z]{26})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const device = await store.getDevice(match[1]!);
  if (!device || device.revokedAt !== null) return null;
  return hashesEqual(sha256(match[2]!), device.tokenHash) ? device : null;
}
