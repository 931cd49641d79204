// Periodically removes delivered events (acked by every device, after a grace period),
// expired ones (TTL) and, past the size cap, the oldest; counts go to metrics and logs.
import type { RelayLogger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { RelayStore, RetentionCounts } from '../store/relay-store.js';

export interface RetentionPolicy {
  graceMs: number;
  ttlMs: number;
  maxBytes: number;
  intervalMs: number;
}

export class RetentionSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionCounts> | null = null;

  constructor(
    private readonly deps: {
      store: RelayStore;
      metrics: RelayMetrics;
      log: RelayLogger;
      policy: RetentionPolicy;
      now: () => number;
    },
  ) {}

  start() {
    this.timer = setInterval(() => void this.sweep().catch(() => {}), this.deps.policy.intervalMs);
    this.timer.unref();
  }

  /** One pass; concurrent calls share it. */
  sweep(): Promise<RetentionCounts> {
    if (!this.running) {
      this.running = this.deps.store
        .applyRetention(this.deps.now(), this.deps.policy)
        .then((counts) => {
          this.deps.metrics.retention(counts);
          if (counts.expired > 0 || counts.evicted > 0) {
            this.deps.log.warn(counts, 'undelivered events removed by retention (TTL or size cap)');
          }
          return counts;
        })
        .catch((err: unknown) => {
          this.deps.log.error({ err }, 'retention sweep failed');
          throw err;
        })
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }
}
