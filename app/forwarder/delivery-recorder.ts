// Stores delivery outcomes by group commit: outcomes that come in during the same turn of the
// event loop share one transaction, without an fsync (relaxedTransaction: a lost outcome leaves
// its queue row, and the event is forwarded again). A synchronous fsync per delivery blocked the
// engine's loop and capped forwarding at a few hundred events/s. Each caller's promise settles
// once its own outcome is committed.
import type { ForwardAttempt } from '../../protocol/desktop-api.js';
import { newId } from '../../protocol/ids.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import { type NewAttempt, toForwardAttempt } from '../store/attempt-repository.js';
import type { EngineStore } from '../store/engine-store.js';
import type { DeliveryResult } from './deliver.js';

interface PendingOutcome {
  attempt: NewAttempt;
  lastError: string | null;
  queueRowid: number | undefined;
  resolve: (attempt: ForwardAttempt) => void;
  reject: (err: unknown) => void;
}

export class DeliveryRecorder {
  private pending: PendingOutcome[] = [];
  private scheduled = false;

  constructor(private readonly deps: { store: EngineStore; events: DesktopEventBus; now: () => number }) {}

  /** Stores the outcome as an attempt and as the event's last result, removes its queue row, tells clients. */
  record(
    eventId: string,
    targetId: string | null,
    result: DeliveryResult,
    queueRowid?: number,
  ): Promise<ForwardAttempt> {
    const attempt: NewAttempt = {
      id: newId('att', this.deps.now()),
      eventId,
      targetId,
      url: result.url,
      startedAt: Date.parse(result.startedAt),
      durationMs: result.durationMs,
      status: result.status,
      responseHeaders: result.responseHeaders,
      responseBody: result.responseBody,
      responseBodySize: result.responseBodySize,
      responseTruncated: result.responseTruncated,
      error: result.error,
    };
    const lastError = result.error ? `${result.error.kind}: ${result.error.message}` : null;
    return new Promise((resolve, reject) => {
      this.pending.push({ attempt, lastError, queueRowid, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // setImmediate lets every response that completed in this turn of the loop join the batch.
      setImmediate(() => this.flush());
    });
  }

  private flush() {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    const { store, events } = this.deps;
    try {
      store.relaxedTransaction(() => {
        for (const { attempt, lastError, queueRowid } of batch) {
          store.attempts.insert(attempt);
          store.events.recordLastResult(attempt.eventId, attempt.status, lastError, attempt.durationMs);
          if (queueRowid !== undefined) store.queue.remove(queueRowid);
        }
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    for (const p of batch) {
      const forwardAttempt = toForwardAttempt(p.attempt);
      events.emit('onForwardAttempt', { attempt: forwardAttempt });
      const summary = store.events.summary(p.attempt.eventId);
      if (summary) events.emit('onEventUpdated', { event: summary });
      p.resolve(forwardAttempt);
    }
  }
}
