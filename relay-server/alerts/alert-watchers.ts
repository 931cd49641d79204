// The state behind the conditions that are about time or about more than one event: silence
// (a timer that fires once when nothing arrived for N minutes), burst (a sliding window of
// arrival times) and device offline (fire once per device per offline spell).
import type { AlertClock } from '../../protocol/alerts/alert-clock.js';

/** Fires `fire` once when `windowMs` passes without `seen()`; armed again by the next `seen()`. */
export class SilenceWatch {
  private lastAt: number;
  private cancel: (() => void) | null = null;

  constructor(
    private readonly clock: AlertClock,
    private readonly windowMs: number,
    private readonly fire: (quietSince: number) => void,
  ) {
    // After a (re)start nothing is known of earlier events: the silence counts from now.
    this.lastAt = clock.now();
    this.arm();
  }

  seen(at: number) {
    this.lastAt = Math.max(this.lastAt, at);
    if (!this.cancel) this.arm();
  }

  stop() {
    this.cancel?.();
    this.cancel = null;
  }

  private arm() {
    this.cancel = this.clock.at(this.lastAt + this.windowMs, () => {
      this.cancel = null;
      // An event came meanwhile: wait out the rest of the window from it.
      if (this.clock.now() < this.lastAt + this.windowMs) return this.arm();
      this.fire(this.lastAt);
    });
  }
}

/** True once more than `count` arrivals fall within `windowMs`; the window then starts over. */
export class BurstWindow {
  private arrivals: number[] = [];

  constructor(
    private readonly count: number,
    private readonly windowMs: number,
  ) {}

  add(at: number): boolean {
    this.arrivals.push(at);
    const from = at - this.windowMs;
    while (this.arrivals.length > 0 && this.arrivals[0]! <= from) this.arrivals.shift();
    if (this.arrivals.length <= this.count) return false;
    this.arrivals = [];
    return true;
  }
}

/** Which devices were already reported offline, so one offline spell gives one alert. */
export class OfflineMemory {
  private readonly reported = new Set<string>();

  /** True when this device's offline spell has not been reported yet (and marks it reported). */
  report(deviceId: string): boolean {
    if (this.reported.has(deviceId)) return false;
    this.reported.add(deviceId);
    return true;
  }

  back(deviceId: string) {
    this.reported.delete(deviceId);
  }
}
