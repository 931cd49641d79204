// Commits a batch of events from the relay: each event once (by id), its deliveries queued
// for the endpoint's matching targets, and the cursor moved, all in one transaction.
import type { WireEvent } from '../../protocol/event.js';
import type { RepeatMessage } from '../../protocol/relay-stream.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import type { PassthroughReplies } from '../forwarder/passthrough-replies.js';
import { matchesTargetFilter } from '../forwarder/target-filter.js';
import type { EngineStore } from '../store/engine-store.js';
import type { StoredEvent } from '../store/event-records.js';

export function commitRelayEvents(
  store: EngineStore,
  bus: DesktopEventBus,
  kick: (targetId: string) => void,
  events: WireEvent[],
  now: number,
  extras: {
    /** Held senders (event id -> deadline) and where their answers go; see passthrough-replies.ts. */
    passthrough?: { awaiting: ReadonlyMap<string, number>; replies: PassthroughReplies };
    /** The relay's repeat counts; applied after the inserts, since one may name an event of this batch. */
    repeats?: readonly RepeatMessage[];
    /** Told the newly stored events after the commit (the alert rules), off the transaction. */
    onCommitted?: (events: readonly StoredEvent[]) => void;
  } = {},
) {
  const { passthrough, repeats = [] } = extras;
  const repeated = new Set<string>();
  /** Repeats of events this store does not have yet: the relay may tell before it streams. */
  const early: RepeatMessage[] = [];
  const touchedTargets = new Set<string>();
  const inserted = store.transaction(() => {
    let cursor = store.settings.cursor();
    const added = [];
    for (const wire of events) {
      cursor = Math.max(cursor, wire.seq);
      const stored = store.events.insert({
        id: wire.id,
        seq: wire.seq,
        endpointId: wire.endpointId,
        endpointName: wire.endpointName,
        method: wire.method,
        path: wire.path,
        query: wire.query,
        headers: wire.headers,
        body: Buffer.from(wire.body, 'base64'),
        sourceIp: wire.sourceIp,
        receivedAt: Date.parse(wire.receivedAt),
        outcome: wire.outcome,
        rejectReason: wire.rejectReason ?? null,
        findings: wire.findings ?? null,
        replayOf: null,
        replayDepth: 0,
      });
      const deadline = passthrough?.awaiting.get(wire.id);
      // Already stored (a redelivery): it was forwarded before, so this engine has nothing to add.
      if (!stored) {
        if (deadline !== undefined) passthrough!.replies.decline(wire.id, 'already received');
        continue;
      }
      added.push(stored);
      let first: string | null = null;
      if (stored.outcome === 'accepted') {
        for (const target of store.targets.forEndpoint(stored.endpointId)) {
          if (!target.enabled || !matchesTargetFilter(target.filter, stored)) continue;
          store.queue.enqueue(stored.id, target.id, now);
          touchedTargets.add(target.id);
          first ??= target.id;
        }
      }
      if (deadline !== undefined) {
        if (first) passthrough!.replies.expect(stored.id, first, deadline);
        else passthrough!.replies.decline(stored.id, 'no target to forward to');
      }
    }
    store.settings.setCursor(cursor);
    for (const r of repeats) {
      const at = Date.parse(r.lastRepeatAt);
      if (store.events.recordRepeats(r.eventId, r.repeats, Number.isFinite(at) ? at : now)) repeated.add(r.eventId);
      else if (!store.events.has(r.eventId)) early.push(r);
    }
    return added;
  });
  for (const e of inserted) {
    repeated.delete(e.id);
    const summary = store.events.summary(e.id);
    if (summary) bus.emit('onEvent', { event: summary });
  }
  for (const id of repeated) {
    const summary = store.events.summary(id);
    if (summary) bus.emit('onEventUpdated', { event: summary });
  }
  for (const targetId of touchedTargets) kick(targetId);
  if (inserted.length > 0) extras.onCommitted?.(inserted);
  return { inserted: inserted.length, early };
}
