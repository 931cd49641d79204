// The relay's one admin token: made at first start, shown once, kept only as a hash.
import type { RelayStore } from '../store/relay-store.js';
import { hashesEqual, newTokenSecret, sha256 } from './token-hash.js';

const META_KEY = 'admin_token_sha256';

/** Creates the admin token if the relay has none; returns it only when it was just made. */
export async function ensureAdminToken(store: RelayStore): Promise<string | null> {
  if (await store.getMeta(META_KEY)) return null;
  const token = `pha_${newTokenSecret()}`;
  await store.setMeta(META_KEY, sha256(token).toString('hex'));
  return token;
}

export async function isAdminToken(store: RelayStore, token: string): Promise<boolean> {
  const stored = await store.getMeta(META_KEY);
  if (!stored || !token.startsWith('pha_')) return false;
  return hashesEqual(sha256(token), Buffer.from(stored, 'hex'));
}
