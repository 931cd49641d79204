// Commits a batch of events from the relay: each event once (by id), its deliveries queued
// for the endpoint's matching targets, and the cursor moved, all in one transaction.
import type { WireEvent } from '../../protocol/event.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import { matchesTargetFilter } from '../forwarder/target-filter.js';
import type { EngineStore } from '../store/engine-store.js';

export function commitRelayEvents(
  store: EngineStore,
  bus: DesktopEventBus,
  kick: (targetId: string) => void,
  events: WireEvent[],
  now: number,
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
      if (!stored) continue;
      added.push(stored);
      if (stored.outcome !== 'accepted') continue;
      for (const target of store.targets.forEndpoint(stored.endpointId)) {
        if (!target.enabled || !matchesTargetFilter(target.filter, stored)) continue;
        store.queue.enqueue(stored.id, target.id, now);
        touchedTargets.add(target.id);
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
