// Door configs between their stored form (JSON text with the signing secrets sealed, see
// door-config-secrets.ts) and the config itself, for the relay's store and the engine's alike.
// SecretBox is async (Web Crypto) while both stores are synchronous (better-sqlite3), so the
// stores keep only the sealed text and callers seal before a write and open after a read,
// outside any transaction. Opened configs are remembered by endpoint and sealed text, so a
// config is decrypted once per change, not once per request.
//
// The cache key includes the endpoint id: the label binds a sealed value to its row, and a
// value copied onto another row must still fail to open rather than be served from the cache.
import { DEFAULT_DOOR_CONFIG, type DoorConfig } from '../endpoint-door.js';
import { openDoorConfig, sealDoorConfig } from './door-config-secrets.js';
import { looksSealed, type SecretBox } from './secret-box.js';

/** Stored text of the default config: what a row had before door configs existed. */
export const DEFAULT_DOOR_TEXT = '';

/** Where an endpoint's door config lives, for the sealed secrets' associated data. */
export function doorLabel(endpointId: string): string {
  return `endpoint:${endpointId}:door`;
}

/**
 * Refuses stored text whose signing secrets are not sealed: the last guard before a column
 * write, for stores that take the text from their callers. Throws; returns nothing.
 */
export function assertDoorSealed(stored: string, endpointId: string): void {
  if (stored === DEFAULT_DOOR_TEXT) return;
  let parsed: { signature?: { check?: { secrets?: unknown } } | null };
  try {
    parsed = JSON.parse(stored) as typeof parsed;
  } catch {
    throw new Error(`the door config of endpoint ${endpointId} is not stored JSON`);
  }
  const holder = parsed?.signature?.check?.secrets as { sealed?: unknown } | undefined;
  if (parsed?.signature && !(typeof holder?.sealed === 'string' && looksSealed(holder.sealed))) {
    throw new Error(`refusing to store the door config of endpoint ${endpointId} with unsealed signing secrets`);
  }
}

const DEFAULT_CACHE_LIMIT = 10_000;

function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const child of Object.values(v)) stack.push(child);
  }
  return value;
}

export class DoorVault {
  /** `${endpointId}\n${sealed}` → the opened config, frozen (shared by every reader). */
  private readonly opened = new Map<string, DoorConfig>();

  constructor(
    private readonly box: SecretBox,
    private readonly limit = DEFAULT_CACHE_LIMIT,
  ) {}

  /** The config stored as `sealed` for this endpoint. Throws SecretBoxError if it does not open. */
  async open(endpointId: string, sealed: string): Promise<DoorConfig> {
    if (sealed === DEFAULT_DOOR_TEXT) return DEFAULT_DOOR_CONFIG;
    const key = `${endpointId}\n${sealed}`;
    const hit = this.opened.get(key);
    if (hit) return hit;
    const door = deepFreeze(await openDoorConfig(this.box, sealed, doorLabel(endpointId)));
    this.remember(key, door);
    return door;
  }

  /**
   * The text to store for `door`. With `current` (what the row holds now) and an unchanged
   * config, that text is kept, so re-adopting the same config rewrites nothing.
   */
  async seal(endpointId: string, door: DoorConfig, current?: string): Promise<string> {
    if (current !== undefined) {
      const before = await this.open(endpointId, current).catch(() => null);
      if (before && JSON.stringify(before) === JSON.stringify(door)) return current;
    }
    const sealed = await sealDoorConfig(this.box, door, doorLabel(endpointId));
    this.remember(`${endpointId}\n${sealed}`, deepFreeze(JSON.parse(JSON.stringify(door)) as DoorConfig));
    return sealed;
  }

  private remember(key: string, door: DoorConfig) {
    if (this.opened.size >= this.limit) {
      // Oldest first out; a re-read of an evicted config decrypts it again, nothing worse.
      const oldest = this.opened.keys().next();
      if (!oldest.done) this.opened.delete(oldest.value);
    }
    this.opened.set(key, door);
  }
}
