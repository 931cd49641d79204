// Per-endpoint rate limit (design: after allowlist and size, 429 with Retry-After). A token
// bucket: it holds `requests + burst` tokens, a request takes one, and it refills at `requests`
// per `windowSeconds`, continuously. So a steady sender gets exactly `requests` per window, and
// after a quiet spell up to `requests + burst` arrive at once (providers deliver in bursts:
// one push can fire several GitHub events in the same second). Rejected requests take nothing.
//
// Arithmetic is in integers: one token is `windowMs` units and the bucket gains `requests`
// units per millisecond, so refill and Retry-After are exact, with no float drift.
import type { DoorRateLimit } from '../../protocol/endpoint-door.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiterOptions {
  /** Most endpoints tracked at once; the least recently used is dropped beyond it. */
  maxKeys?: number;
}

export const DEFAULT_MAX_RATE_KEYS = 100_000;
/** Idle entries examined per take(): enough to keep up, cheap enough to be free. */
const SWEEP_PER_TAKE = 2;

interface Bucket {
  requests: number;
  windowMs: number;
  capacityUnits: number;
  level: number;
  at: number;
  /** When the bucket is full again: from then on the entry means nothing and can go. */
  fullAt: number;
}

export class RateLimiter {
  // A Map iterates in insertion order; re-inserting on each take keeps it least-recently-used
  // first, which is both the eviction order and the order idle entries are swept in.
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(options: RateLimiterOptions = {}) {
    this.maxKeys = Math.max(1, options.maxKeys ?? DEFAULT_MAX_RATE_KEYS);
  }

  take(endpointId: string, config: DoorRateLimit, nowMs: number): RateDecision {
    const { requests, windowSeconds } = config;
    const burst = config.burst ?? 0;
    if (!(requests >= 1 && windowSeconds >= 1 && burst >= 0)) throw new RangeError('invalid rate limit config');
    const now = Math.floor(nowMs);
    const windowMs = windowSeconds * 1000;
    const capacityUnits = (requests + burst) * windowMs;

    const previous = this.buckets.get(endpointId);
    if (previous) this.buckets.delete(endpointId);
    let level = capacityUnits;
    let at = now;
    if (previous) {
      // A clock that steps back refills nothing and never moves the bucket back in time.
      at = Math.max(previous.at, now);
      const refilled = Math.min(previous.capacityUnits, previous.level + (at - previous.at) * previous.requests);
      level =
        previous.requests === requests && previous.windowMs === windowMs && previous.capacityUnits === capacityUnits
          ? refilled
          : adaptLevel(previous, refilled, capacityUnits, windowMs);
    }

    let decision: RateDecision;
    if (level >= windowMs) {
      level -= windowMs;
      decision = { allowed: true };
    } else {
      const waitMs = Math.ceil((windowMs - level) / requests);
      decision = { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    const fullAt = at + Math.ceil((capacityUnits - level) / requests);
    this.buckets.set(endpointId, { requests, windowMs, capacityUnits, level, at, fullAt });
    this.evict(now);
    return decision;
  }

  /** Drops an endpoint's bucket, e.g. when the endpoint is deleted. */
  forget(endpointId: string): void {
    this.buckets.delete(endpointId);
  }

  /** Drops every bucket that has refilled completely; take() also does this a little at a time. */
  sweep(nowMs: number): void {
    for (const [id, bucket] of this.buckets) if (bucket.fullAt <= nowMs) this.buckets.delete(id);
  }

  get size(): number {
    return this.buckets.size;
  }

  private evict(now: number) {
    // Over the cap, the least recently used endpoint starts over with a full bucket: lenient,
    // but memory stays bounded whatever the number of endpoints.
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
    let examined = 0;
    for (const [id, bucket] of this.buckets) {
      if (examined++ >= SWEEP_PER_TAKE || bucket.fullAt > now) break;
      this.buckets.delete(id);
    }
  }
}

/**
 * A changed limit keeps what the endpoint has used, in requests: raising the limit gives the
 * new headroom at once (the owner raised it because senders were refused), lowering it
 * refuses until the used requests have refilled at the new rate.
 */
function adaptLevel(previous: Bucket, refilled: number, capacityUnits: number, windowMs: number): number {
  const usedRequests = (previous.capacityUnits - refilled) / previous.windowMs;
  return Math.max(0, Math.floor(capacityUnits - usedRequests * windowMs));
}
