// Time for the relay's alerts: what time it is and "call me at". Injectable, so tests move
// the clock (silence, burst windows, retries) instead of sleeping. (The engine has its own:
// relay-server/ and app/ share only protocol/.)
export interface RelayAlertClock {
  now(): number;
  /** Calls `fn` once at `atMs` (or soon after); returns the cancel. */
  at(atMs: number, fn: () => void): () => void;
}

/** Node's timers, unref'd so they never hold the process open. Long waits re-arm in steps. */
export function systemAlertClock(now: () => number = Date.now): RelayAlertClock {
  const MAX_DELAY = 2 ** 31 - 1;
  return {
    now,
    at(atMs, fn) {
      let timer: NodeJS.Timeout;
      const arm = () => {
        const delay = atMs - now();
        timer = delay > MAX_DELAY ? setTimeout(arm, MAX_DELAY) : setTimeout(fn, Math.max(0, delay));
        timer.unref();
      };
      arm();
      return () => clearTimeout(timer);
    },
  };
}
