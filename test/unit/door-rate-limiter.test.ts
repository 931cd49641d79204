// The door's per-endpoint token bucket: exact allowance, burst, refill, Retry-After that is
// never early, config changes, and bounded memory. Time is passed in, never read.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../relay-server/door/rate-limiter.js';

const T0 = 1_700_000_000_000;

function takeMany(
  limiter: RateLimiter,
  id: string,
  config: Parameters<RateLimiter['take']>[1],
  n: number,
  now: number,
) {
  let allowed = 0;
  for (let i = 0; i < n; i++) if (limiter.take(id, config, now).allowed) allowed++;
  return allowed;
}

describe('RateLimiter', () => {
  it('allows exactly `requests` at once, then refuses with Retry-After', () => {
    const limiter = new RateLimiter();
    const config = { requests: 5, windowSeconds: 60 };
    expect(takeMany(limiter, 'ep', config, 5, T0)).toBe(5);
    // One token refills every 12 s.
    expect(limiter.take('ep', config, T0)).toEqual({ allowed: false, retryAfterSeconds: 12 });
    expect(limiter.take('ep', config, T0 + 11_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('ep', config, T0 + 12_000)).toEqual({ allowed: true });
    expect(limiter.take('ep', config, T0 + 12_000).allowed).toBe(false);
  });

  it('adds burst on top of the window allowance', () => {
    const limiter = new RateLimiter();
    expect(takeMany(limiter, 'ep', { requests: 5, windowSeconds: 60, burst: 3 }, 20, T0)).toBe(8);
  });

  it('refills continuously at requests per window, never beyond capacity', () => {
    const limiter = new RateLimiter();
    const config = { requests: 10, windowSeconds: 10 };
    expect(takeMany(limiter, 'ep', config, 10, T0)).toBe(10);
    expect(takeMany(limiter, 'ep', config, 10, T0 + 3_500)).toBe(3);
    expect(takeMany(limiter, 'ep', config, 10, T0 + 4_000)).toBe(1);
    // A long pause refills to capacity and no further.
    expect(takeMany(limiter, 'ep', config, 50, T0 + 3_600_000)).toBe(10);
  });

  it('lets a steady sender through at exactly the configured rate', () => {
    const limiter = new RateLimiter();
    const config = { requests: 60, windowSeconds: 60 };
    takeMany(limiter, 'ep', config, 60, T0); // drain
    let allowed = 0;
    // One attempt every 250 ms for ten minutes: the sustained rate is one per second.
    for (let t = 250; t <= 600_000; t += 250) if (limiter.take('ep', config, T0 + t).allowed) allowed++;
    expect(allowed).toBe(600);
  });

  it('gives a Retry-After that is never early and at most one second late', () => {
    const configs = [
      { requests: 3, windowSeconds: 10 },
      { requests: 7, windowSeconds: 60 },
      { requests: 1, windowSeconds: 86_400 },
      { requests: 1000, windowSeconds: 1 },
      { requests: 13, windowSeconds: 7, burst: 2 },
    ];
    for (const config of configs) {
      for (const spacing of [0, 1, 37, 333]) {
        // A history of takes `spacing` ms apart until the first refusal, replayed on fresh
        // limiters so that probing the moment after Retry-After consumes nothing.
        const history: number[] = [];
        const limiter = new RateLimiter();
        let refusal: { allowed: false; retryAfterSeconds: number } | undefined;
        for (let t = T0; !refusal && history.length < 10_000; t += spacing) {
          history.push(t);
          const decision = limiter.take('ep', config, t);
          if (!decision.allowed) refusal = decision;
        }
        if (!refusal) continue; // refills faster than this spacing drains: nothing to check
        const refusedAt = history.at(-1)!;
        const probe = (at: number) => {
          const replay = new RateLimiter();
          for (const t of history) replay.take('ep', config, t);
          return replay.take('ep', config, at).allowed;
        };
        const retry = refusal.retryAfterSeconds;
        const what = `${JSON.stringify(config)} every ${spacing} ms`;
        expect(Number.isInteger(retry) && retry >= 1, what).toBe(true);
        expect(probe(refusedAt + retry * 1000), what).toBe(true);
        if (retry > 1) expect(probe(refusedAt + (retry - 1) * 1000 - 1), what).toBe(false);
      }
    }
  });

  it('rounds a sub-second wait up to Retry-After: 1', () => {
    const limiter = new RateLimiter();
    const config = { requests: 100, windowSeconds: 1 };
    expect(takeMany(limiter, 'ep', config, 100, T0)).toBe(100);
    expect(limiter.take('ep', config, T0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('ep', config, T0 + 10).allowed).toBe(true);
  });

  it('does not charge refused requests', () => {
    const limiter = new RateLimiter();
    const config = { requests: 2, windowSeconds: 2 };
    takeMany(limiter, 'ep', config, 2, T0);
    expect(takeMany(limiter, 'ep', config, 100, T0 + 500)).toBe(0);
    expect(limiter.take('ep', config, T0 + 1_000).allowed).toBe(true);
  });

  it('keeps endpoints apart', () => {
    const limiter = new RateLimiter();
    const config = { requests: 1, windowSeconds: 60 };
    expect(limiter.take('a', config, T0).allowed).toBe(true);
    expect(limiter.take('a', config, T0).allowed).toBe(false);
    expect(limiter.take('b', config, T0).allowed).toBe(true);
  });

  it('adapts to a changed limit, keeping what was used', () => {
    const limiter = new RateLimiter();
    const small = { requests: 2, windowSeconds: 60 };
    takeMany(limiter, 'ep', small, 2, T0);
    expect(limiter.take('ep', small, T0).allowed).toBe(false);
    // Raised: 2 of 10 used, so 8 more now.
    expect(takeMany(limiter, 'ep', { requests: 10, windowSeconds: 60 }, 20, T0)).toBe(8);
    // Lowered again: all 10 used, refills at 2 per minute.
    expect(limiter.take('ep', small, T0)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    // A longer window at the same count counts the same use.
    const fresh = new RateLimiter();
    takeMany(fresh, 'ep', { requests: 3, windowSeconds: 60 }, 1, T0);
    expect(takeMany(fresh, 'ep', { requests: 3, windowSeconds: 3600 }, 5, T0)).toBe(2);
  });

  it('ignores a clock that steps back', () => {
    const limiter = new RateLimiter();
    const config = { requests: 1, windowSeconds: 10 };
    expect(limiter.take('ep', config, T0).allowed).toBe(true);
    expect(limiter.take('ep', config, T0 - 60_000)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take('ep', config, T0 + 10_000).allowed).toBe(true);
  });

  it('bounds memory: a cap on endpoints, idle buckets swept, deleted endpoints forgotten', () => {
    const limiter = new RateLimiter({ maxKeys: 100 });
    const config = { requests: 1, windowSeconds: 60 };
    for (let i = 0; i < 1_000; i++) limiter.take(`ep${i}`, config, T0);
    expect(limiter.size).toBe(100);
    // The least recently used went first: the newest are still limited.
    expect(limiter.take('ep999', config, T0).allowed).toBe(false);
    expect(limiter.take('ep0', config, T0).allowed).toBe(true);

    // After a full refill the entries mean nothing; traffic elsewhere sweeps them gradually.
    const later = T0 + 61_000;
    for (let i = 0; i < 100; i++) limiter.take('busy', { requests: 1_000, windowSeconds: 1 }, later + i);
    expect(limiter.size).toBe(1);

    limiter.take('gone', config, later);
    limiter.forget('gone');
    expect(limiter.size).toBe(1);
    limiter.sweep(later + 10_000_000);
    expect(limiter.size).toBe(0);
  });

  it('refuses a config the schema would not allow', () => {
    expect(() => new RateLimiter().take('ep', { requests: 0, windowSeconds: 1 }, T0)).toThrow(RangeError);
  });
});
