// An AlertClock for tests: time moves only when a test says so.
import type { AlertClock } from '../../protocol/alerts/alert-clock.js';

/**
 * A clock that moves only when told: `advance(ms)` runs every timer that comes due, in order.
 * It starts at the real time (so stored timestamps look ordinary) and adds what was advanced.
 */
export class ManualAlertClock implements AlertClock {
  private offset = 0;
  private timers: { at: number; fn: () => void; seq: number }[] = [];
  private seq = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now = (): number => this.base() + this.offset;

  at(atMs: number, fn: () => void): () => void {
    const timer = { at: atMs, fn, seq: this.seq++ };
    this.timers.push(timer);
    // A timer already due still runs on a later turn, as a real one would.
    if (atMs <= this.now()) setImmediate(() => this.runDue());
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  advance(ms: number) {
    this.offset += ms;
    this.runDue();
  }

  private runDue() {
    for (;;) {
      const now = this.now();
      const due = this.timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) return;
      this.timers = this.timers.filter((t) => t !== due);
      due.fn();
    }
  }
}
