// Acks arrive once per event per device; writing each on its own would cost an fsync per
// event. The recorder keeps the latest ack per device and writes them together, at most
// every `intervalMs`, and at once when a stream closes or the relay stops. A crash between
// two writes only means those events are sent again, which clients already expect.
import type { RelayLogger } from '../observability/logger.js';
import type { RelayStore } from '../store/relay-store.js';

export class AckRecorder {
  private readonly pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { store: RelayStore; log: RelayLogger; now: () => number; intervalMs: number }) {}

  record(deviceId: string, seq: number) {
    if ((this.pending.get(deviceId) ?? -1) < seq) this.pending.set(deviceId, seq);
    this.timer ??= setTimeout(() => void this.flush(), this.deps.intervalMs);
  }

  /** Writes everything recorded so far; resolves when it is committed. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return this.writing;
    const acks = [...this.pending].map(([deviceId, seq]) => ({ deviceId, seq }));
    this.pending.clear();
    this.writing = this.writing
      .then(() => this.deps.store.ackDevices(acks, this.deps.now()))
      .catch((err: unknown) => {
        this.deps.log.error({ err }, 'could not store device acks; those events will be sent again');
      });
    return this.writing;
  }
}
