// Time for alerts, on the desktop and on the relay: what time it is and "call me at".
// Injectable, so tests move the clock (silence, relay unreachable, burst windows, retries)
// instead of sleeping.
export interface AlertClock {
  now(): number;
  /** Calls `fn` once at `atMs` (or soon after); returns the cancel. */
  at(atMs: number, fn: () => void): () => void;
}

/** setTimeout caps a delay at ~24.8 days; longer waits re-arm in steps. */
const MAX_DELAY = 2 ** 31 - 1;

/** The platform's timers, unref'd where that exists so they never hold a Node process open. */
export function systemAlertClock(now: () => number = Date.now): AlertClock {
  return {
    now,
    at(atMs, fn) {
      let timer: ReturnType<typeof setTimeout>;
      const arm = () => {
        const delay = atMs - now();
        timer = delay > MAX_DELAY ? setTimeout(arm, MAX_DELAY) : setTimeout(fn, Math.max(0, delay));
        (timer as { unref?: () => void }).unref?.();
      };
      arm();
      return () => clearTimeout(timer);
    },
  };
}
