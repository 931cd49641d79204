// Passthrough on the engine's side: the relay holds a sender for some events (`awaiting`) and
// waits for the local service's answer. The answer comes from the first target the event is
// forwarded to (the endpoint's targets in creation order, enabled and matching the filter),
// on its first attempt. When that attempt fails, the answer is too large, or the event goes
// to no target, the relay is told at once (`no_response`), so the sender gets the endpoint's
// fallback without waiting out the timeout. Replays never answer: only live events are held.

import type { HeaderPair } from '../../protocol/event.js';
import { FRAMING_HEADERS } from '../../protocol/framing-headers.js';
import { type ClientMessage, PASSTHROUGH_LIMITS } from '../../protocol/relay-stream.js';
import type { DeliveryResult } from './deliver.js';

interface Expected {
  targetId: string;
  deadline: number;
}

export class PassthroughReplies {
  private readonly expected = new Map<string, Expected>();

  constructor(
    private readonly deps: {
      /** Sends on the relay stream in force; dropped when there is none. */
      send: (message: ClientMessage) => void;
      now: () => number;
    },
  ) {}

  /** The event was queued for `targetId`, the first target: its answer goes to the sender. */
  expect(eventId: string, targetId: string, deadline: number) {
    this.sweep();
    this.expected.set(eventId, { targetId, deadline });
  }

  /** This engine will not answer (no target, not stored anew): the relay may fall back now. */
  decline(eventId: string, reason: string) {
    this.expected.delete(eventId);
    this.deps.send({ type: 'no_response', eventId, reason });
  }

  /** A delivery finished (any target, any attempt); answers the held sender when it is the one expected. */
  delivered(eventId: string, targetId: string, result: DeliveryResult) {
    const expected = this.expected.get(eventId);
    if (!expected || expected.targetId !== targetId) return;
    this.expected.delete(eventId);
    // Past the deadline the relay has answered the sender already.
    if (this.deps.now() > expected.deadline) return;
    if (result.error || result.status === null) {
      return this.decline(eventId, result.error ? `${result.error.kind}: ${result.error.message}` : 'no status');
    }
    if (result.responseTruncated || result.responseBody.length > PASSTHROUGH_LIMITS.maxBodyBytes) {
      return this.decline(eventId, `the response body exceeds ${PASSTHROUGH_LIMITS.maxBodyBytes} bytes`);
    }
    const headers = passedHeaders(result.responseHeaders);
    if (!headers) return this.decline(eventId, 'the response headers exceed the passthrough limits');
    this.deps.send({
      type: 'response',
      eventId,
      status: result.status,
      headers,
      body: result.responseBody.toString('base64'),
    });
  }

  /** The queued delivery was dropped before it ran (target disabled or deleted meanwhile). */
  skipped(eventId: string, targetId: string) {
    if (this.expected.get(eventId)?.targetId === targetId) this.decline(eventId, 'the target was disabled');
  }

  private sweep() {
    const now = this.deps.now();
    for (const [id, e] of this.expected) if (e.deadline < now) this.expected.delete(id);
  }
}

function passedHeaders(all: readonly HeaderPair[]): HeaderPair[] | null {
  // The relay sets framing headers itself.
  const headers = all.filter(([name]) => !FRAMING_HEADERS.has(name.toLowerCase()));
  if (headers.length > PASSTHROUGH_LIMITS.maxHeaders) return null;
  const fits = headers.every(
    ([n, v]) =>
      n.length <= PASSTHROUGH_LIMITS.maxHeaderNameLength && v.length <= PASSTHROUGH_LIMITS.maxHeaderValueLength,
  );
  return fits ? headers.map(([n, v]) => [n, v]) : null;
}
