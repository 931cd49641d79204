// Passthrough: senders held until a device of the endpoint's owner reports the local
// service's answer. One waiter per held event id, with its own timeout. The first valid
// answer from a device of the right user wins; anything else (another user's device, an id
// nobody waits for any more) is ignored and counted, never an error. A device that cannot
// answer says so; once every device that was asked declined, the sender gets the fallback
// at once instead of after the timeout.
import type { RenderedResponse } from '../door/static-response.js';
import type { RelayLogger } from '../observability/logger.js';
import type { PassthroughResult, RelayMetrics } from '../observability/metrics.js';

export type PassthroughOutcome =
  | { kind: 'answer'; response: RenderedResponse }
  | { kind: 'fallback'; reason: 'timeout' | 'declined' | 'shutdown' }
  | { kind: 'gone' };

export interface Waiter {
  /** Settles once: the device's answer, a reason for the fallback, or the sender gone. */
  readonly outcome: Promise<PassthroughOutcome>;
  /** The sender went away: nobody to answer. */
  cancel(): void;
  /** The event was not stored (a duplicate, a failed commit): stop waiting, count nothing. */
  drop(): void;
}

interface Entry {
  userId: string;
  seq: number;
  deadline: number;
  timer: NodeJS.Timeout;
  /** Streams that were told this sender is waiting, and those that said they will not answer. */
  asked: Set<object>;
  declined: Set<object>;
  settle: (outcome: PassthroughOutcome) => void;
}

export class PassthroughWaiters {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(private readonly deps: { metrics: RelayMetrics; log: RelayLogger; now: () => number }) {}

  /** Holds a sender for `timeoutMs`. After shutdown began, the outcome is the fallback at once. */
  hold(eventId: string, userId: string, timeoutMs: number): Waiter {
    let settle!: (outcome: PassthroughOutcome) => void;
    const outcome = new Promise<PassthroughOutcome>((resolve) => {
      settle = resolve;
    });
    if (this.closed) {
      this.count('fallback_shutdown');
      settle({ kind: 'fallback', reason: 'shutdown' });
      return { outcome, cancel: () => {}, drop: () => {} };
    }
    const entry: Entry = {
      userId,
      seq: 0,
      deadline: this.deps.now() + timeoutMs,
      timer: setTimeout(() => this.finish(eventId, { kind: 'fallback', reason: 'timeout' }), timeoutMs),
      asked: new Set(),
      declined: new Set(),
      settle,
    };
    this.entries.set(eventId, entry);
    return {
      outcome,
      cancel: () => this.finish(eventId, { kind: 'gone' }),
      drop: () => this.finish(eventId, { kind: 'gone' }, false),
    };
  }

  /** Events were committed with these seqs (a stream may stretch its window to reach a held one). */
  committed(events: readonly { id: string }[], seqs: readonly number[]) {
    if (this.entries.size === 0) return;
    events.forEach((e, i) => {
      const entry = this.entries.get(e.id);
      if (entry) entry.seq = seqs[i]!;
    });
  }

  /**
   * A stream is about to send this event: how long its sender is still held (ms), or null when
   * nobody waits. The stream is then expected to answer or decline.
   */
  ask(eventId: string, stream: object): number | null {
    const entry = this.entries.get(eventId);
    if (!entry) return null;
    entry.asked.add(stream);
    return Math.max(0, entry.deadline - this.deps.now());
  }

  /** Whether a sender of this user is held for an event after `seq` (committed, so it has a seq). */
  waitingAfter(userId: string, seq: number): boolean {
    for (const e of this.entries.values()) if (e.userId === userId && e.seq > seq) return true;
    return false;
  }

  /** A device's answer. Returns whether it was used. */
  answer(eventId: string, userId: string, response: RenderedResponse): boolean {
    const entry = this.entries.get(eventId);
    if (!entry || entry.userId !== userId) return this.ignored(eventId, userId, 'response');
    this.finish(eventId, { kind: 'answer', response });
    return true;
  }

  /** A device will not answer; the fallback goes out once every asked stream declined. */
  decline(eventId: string, userId: string, stream: object, reason: string): void {
    const entry = this.entries.get(eventId);
    if (!entry || entry.userId !== userId) {
      this.ignored(eventId, userId, 'no_response');
      return;
    }
    this.deps.log.debug({ eventId, reason }, 'passthrough: a device will not answer');
    entry.declined.add(stream);
    entry.asked.add(stream);
    if (entry.declined.size >= entry.asked.size) this.finish(eventId, { kind: 'fallback', reason: 'declined' });
  }

  /**
   * A stream that was asked went away without answering: it counts as declining, so once every
   * asked stream declined or left, the sender gets the fallback at once instead of at the timeout.
   */
  streamGone(stream: object): void {
    for (const [eventId, entry] of [...this.entries]) {
      if (!entry.asked.has(stream) || entry.declined.has(stream)) continue;
      entry.declined.add(stream);
      if (entry.declined.size >= entry.asked.size) this.finish(eventId, { kind: 'fallback', reason: 'declined' });
    }
  }

  /** Relay shutdown: every held sender gets the fallback now, and later ones at once. */
  shutdown(): void {
    this.closed = true;
    for (const id of [...this.entries.keys()]) this.finish(id, { kind: 'fallback', reason: 'shutdown' });
  }

  private finish(eventId: string, outcome: PassthroughOutcome, counted = true) {
    const entry = this.entries.get(eventId);
    if (!entry) return;
    this.entries.delete(eventId);
    clearTimeout(entry.timer);
    if (counted) {
      this.count(
        outcome.kind === 'answer' ? 'answered' : outcome.kind === 'gone' ? 'sender_gone' : `fallback_${outcome.reason}`,
      );
    }
    entry.settle(outcome);
  }

  private ignored(eventId: string, userId: string, what: string): false {
    this.deps.metrics.passthrough('ignored');
    this.deps.log.debug({ eventId, userId }, `passthrough: ignored a ${what} nobody of this user waits for`);
    return false;
  }

  private count(result: PassthroughResult) {
    this.deps.metrics.passthrough(result);
  }
}
