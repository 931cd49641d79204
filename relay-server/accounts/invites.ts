// Invites: a one-time pairing code that turns into a device token for a named user.
import { newId, newPairingCode, normalizePairingCode } from '../../protocol/ids.js';
import type { RedeemResult, RelayStore } from '../store/relay-store.js';
import { issueDeviceToken } from './device-tokens.js';
import { sha256 } from './token-hash.js';

export const INVITE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface CreatedInvite {
  code: string;
  userId: string;
  userName: string;
  expiresAt: number;
}

/** Creates the user on first invite; later invites pair further devices of the same user. */
export async function createInvite(store: RelayStore, userName: string, now = Date.now()): Promise<CreatedInvite> {
  const name = userName.trim();
  if (name.length === 0 || name.length > 100) throw new Error('a user name must be 1 to 100 characters');
  let user = await store.findUserByName(name);
  if (!user) {
    user = { id: newId('usr', now), name, lastSeq: 0, createdAt: now };
    await store.createUser(user);
  }
  const code = newPairingCode();
  const expiresAt = now + INVITE_LIFETIME_MS;
  await store.createInvite({
    codeHash: sha256(normalizePairingCode(code)).toString('hex'),
    userId: user.id,
    expiresAt,
    createdAt: now,
  });
  return { code, userId: user.id, userName: user.name, expiresAt };
}

export type PairResult =
  | { ok: true; token: string; deviceId: string; userId: string; userName: string }
  | { ok: false; reason: Exclude<RedeemResult, { ok: true }>['reason'] };

export async function redeemInvite(
  store: RelayStore,
  code: string,
  deviceName: string,
  now = Date.now(),
): Promise<PairResult> {
  const issued = issueDeviceToken(now);
  const result = await store.redeemInvite(sha256(normalizePairingCode(code)).toString('hex'), now, {
    id: issued.deviceId,
    name: deviceName,
    tokenHash: issued.tokenHash,
    ackedSeq: 0,
    createdAt: now,
    lastSeenAt: null,
    revokedAt: null,
  });
  if (!result.ok) return result;
  return {
    ok: true,
    token: issued.token,
    deviceId: issued.deviceId,
    userId: result.user.id,
    userName: result.user.name,
  };
}
