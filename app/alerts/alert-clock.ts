// Time for the alert engine: what time it is and "call me at". Injectable, so tests move the
// clock forward (silence, relay unreachable, burst windows, retries) instead of sleeping.
export interface AlertClock {
  now(): number;
  /** Calls `fn` once at `atMs` (or soon after); returns the cancel. */
  at(atMs: number, fn: () => void): () => void;
}

/** Node's timers. Long delays are re-armed in steps, since setTimeout caps at ~24.8 days. */
export function systemAlertClock(now: () => number = Date.now): AlertClock {
  const MAX_DELAY = 2 ** 31 - 1;
  return {
    now,
    at(atMs, fn) {
      let timer: NodeJS.Timeout;
      const arm = () => {
        const delay = atMs - now();
        if (delay <= 0) {
          timer = setTimeout(fn, 0);
          return;
        }
        timer = setTimeout(delay > MAX_DELAY ? arm : fn, Math.min(delay, MAX_DELAY));
      };
      arm();
      timer!.unref?.();
      return () => clearTimeout(timer);
    },
  };
}
