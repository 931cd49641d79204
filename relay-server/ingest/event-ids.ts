// Event ids in the exact format of protocol/ids.ts newId('evt'): `evt_`, 10 Crockford
// base32 characters of milliseconds, 16 random ones. Made once per webhook, so it is cheaper:
// random bytes come from a pooled crypto buffer (one getRandomValues per 256 ids, not one
// per id) and the time part is reused while the millisecond is the same.
import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 16;
const POOL_BYTES = RANDOM_CHARS * 256;

const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;
let lastMs = -1;
let lastTime = '';

function timePart(ms: number): string {
  if (ms !== lastMs) {
    let time = '';
    let t = ms;
    for (let i = 0; i < 10; i++) {
      time = CROCKFORD[t % 32] + time;
      t = Math.floor(t / 32);
    }
    lastMs = ms;
    lastTime = time;
  }
  return lastTime;
}

/** A new event id for a webhook received at `nowMs`; sorts by time like every other id. */
export function newEventId(nowMs: number): string {
  if (used === POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  let random = '';
  // 32 divides 256, so `byte % 32` is uniform: no rejection sampling needed.
  for (let end = used + RANDOM_CHARS; used < end; used++) random += CROCKFORD[pool[used]! % 32];
  return `evt_${timePart(nowMs)}${random}`;
}
