// Group commit: ingests that arrive while a transaction is being written wait and go into
// the next one, so one fsync covers many webhooks and every sender still gets its 2xx only
// after its own event is durable.
import type { NewEventRecord, RelayStore } from '../store/relay-store.js';

interface Pending {
  event: NewEventRecord;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH_EVENTS = 1000;
const MAX_BATCH_BYTES = 64 * 1024 * 1024;
/**
 * For a store that commits asynchronously: a second batch may wait at the writer while the
 * first commits, so the writer starts the next commit at once instead of idling for a round
 * trip. The writer commits in order. (SQLite commits synchronously, one batch at a time.)
 */
const MAX_BATCHES_IN_FLIGHT = 2;

export class CommitBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: RelayStore,
    /** Told which events just became durable, with their seqs (the same ones go to the senders). */
    private readonly onCommitted: (events: readonly NewEventRecord[], seqs: readonly number[]) => void,
  ) {}

  /**
   * Resolves with the event's sequence number once its transaction has committed, or 0 when
   * it was a duplicate (not stored; counted on the original).
   */
  submit(event: NewEventRecord): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.schedule();
    });
  }

  /** Waits until everything submitted so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight.size > 0 || this.scheduled) {
      await (this.inFlight.size > 0 ? Promise.race(this.inFlight) : new Promise<void>((r) => setImmediate(r)));
    }
  }

  private schedule() {
    if (this.scheduled || this.inFlight.size >= MAX_BATCHES_IN_FLIGHT) return;
    this.scheduled = true;
    // setImmediate lets every request whose body finished in this turn of the loop join.
    setImmediate(() => {
      this.scheduled = false;
      if (this.queue.length === 0) return;
      const flushing: Promise<void> = this.flush().finally(() => {
        this.inFlight.delete(flushing);
        if (this.queue.length > 0) this.schedule();
      });
      this.inFlight.add(flushing);
      if (this.queue.length > 0) this.schedule();
    });
  }

  private async flush() {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && count < MAX_BATCH_EVENTS && bytes < MAX_BATCH_BYTES) {
      bytes += this.queue[count]!.event.body.length;
      count++;
    }
    const batch = this.queue.splice(0, count);
    const events = batch.map((p) => p.event);
    let seqs: number[];
    try {
      seqs = await this.store.insertEvents(events);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(seqs[i]!);
    // A duplicate (seq 0) was not stored, so nobody needs waking for it.
    if (!seqs.includes(0)) this.onCommitted(events, seqs);
    else
      this.onCommitted(
        events.filter((_, i) => seqs[i] !== 0),
        seqs.filter((s) => s !== 0),
      );
  }
}
