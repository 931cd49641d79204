// Commits a batch of events from the relay: each event once (by id), its deliveries queued
// for the endpoint's matching targets, and the cursor moved, all in one transaction.
import type { WireEvent } from '../../protocol/event.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import type { PassthroughReplies } from '../forwarder/passthrough-replies.js';
import { matchesTargetFilter } from '../forwarder/target-filter.js';
import type { EngineStore } from '../store/engine-store.js';

export function commitRelayEvents(
  store: EngineStore,
  bus: DesktopEventBus,
  kick: (targetId: string) => void,
  events: WireEvent[],
  now: number,
  /** Held senders (event id -> deadline) and where their answers go; see passthrough-replies.ts. */
  passthrough?: { awaiting: ReadonlyMap<string, number>; replies: PassthroughReplies },
) {
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
    return added;
  });
  for (const e of inserted) {
    const summary = store.events.summary(e.id);
    if (summary) bus.emit('onEvent', { event: summary });
  }
  for (const targetId of touchedTargets) kick(targetId);
  return inserted.length;
}
