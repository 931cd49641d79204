// When retention runs: once shortly after start, then periodically, and on request (an
// endpoint's limits changed). Never two cleanups at once: a request during a run is served by
// one more run right after it, shared by every request made meanwhile.

import type { EngineStore } from '../store/engine-store.js';
import { type RetentionReport, runRetention } from '../store/retention.js';

export interface RetentionSchedule {
  /** After start, so startup (relay catch-up, first paint) is not slowed; default 10 s. */
  startupDelayMs?: number;
  /** Default 10 minutes. 0: no periodic runs. */
  intervalMs?: number;
}

const NOTHING: RetentionReport = { removed: 0, vacuumedPages: 0 };

export class RetentionScheduler {
  private running: Promise<RetentionReport> | null = null;
  private queued: Promise<RetentionReport> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(
    private readonly deps: {
      store: EngineStore;
      now: () => number;
      onRemoved: (endpointId: string, count: number) => void;
      log: (message: string) => void;
      schedule?: RetentionSchedule;
    },
  ) {}

  start() {
    const { startupDelayMs = 10_000, intervalMs = 600_000 } = this.deps.schedule ?? {};
    const tick = () => void this.run().catch((err: unknown) => this.deps.log(`retention failed: ${String(err)}`));
    this.timers.push(setTimeout(tick, startupDelayMs).unref());
    if (intervalMs > 0) this.timers.push(setInterval(tick, intervalMs).unref());
  }

  /** Runs a cleanup now, or right after the one running. */
  run(): Promise<RetentionReport> {
    if (this.stopped) return Promise.resolve(NOTHING);
    if (this.running) {
      const next = () => {
        this.queued = null;
        return this.run();
      };
      this.queued ??= this.running.then(next, next);
      return this.queued;
    }
    const { store, now, onRemoved } = this.deps;
    this.running = runRetention(store, { now: now(), onRemoved, stopped: () => this.stopped }).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the timers and the cleanup in progress (at its next step). */
  async stop() {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await Promise.allSettled([this.running, this.queued]);
  }
}
