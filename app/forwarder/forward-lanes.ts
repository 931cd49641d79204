// Works through the forward queue: one lane per target, at most `concurrency` deliveries at
// once (hold-while-down targets one at a time, so a backlog arrives in order). Each result
// is stored with its attempt and the queue row removed in one transaction, shared by the
// results that finish together (delivery-recorder.ts).
import type { ForwardAttempt, Target } from '../../protocol/desktop-api.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import type { EngineStore } from '../store/engine-store.js';
import type { StoredEvent } from '../store/event-records.js';
import type { QueuedDelivery } from '../store/forward-queue.js';
import { deliver, isTargetDown } from './deliver.js';
import { DeliveryRecorder } from './delivery-recorder.js';
import type { OutgoingRequest } from './outgoing-request.js';
import type { PassthroughReplies } from './passthrough-replies.js';
import type { TargetAgents } from './target-agents.js';

const HOLD_RETRY_MIN_MS = 200;
const HOLD_RETRY_MAX_MS = 2_000;

export function toOutgoing(event: StoredEvent): OutgoingRequest {
  return { method: event.method, path: event.path, query: event.query, headers: event.headers, body: event.body };
}

export interface ForwarderDeps {
  store: EngineStore;
  agents: TargetAgents;
  events: DesktopEventBus;
  now: () => number;
  /** Answers held passthrough senders from live deliveries (never from replays). */
  replies?: PassthroughReplies;
}

class TargetLane {
  private running = 0;
  /** Queue rows up to here are being delivered or done. */
  private dispatchedUpTo = 0;
  private holdUntil = 0;
  private holdDelay = HOLD_RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly idle = new Set<() => void>();

  constructor(
    readonly targetId: string,
    private readonly deps: ForwarderDeps,
    private readonly recorder: DeliveryRecorder,
  ) {}

  get busy() {
    return this.running > 0;
  }

  whenIdle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((r) => this.idle.add(r));
  }

  stop() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  pump() {
    const target = this.deps.store.targets.get(this.targetId);
    if (!target) {
      this.deps.store.queue.dropTarget(this.targetId);
      return;
    }
    if (this.deps.now() < this.holdUntil) return;
    const cap = target.holdWhileDown ? 1 : target.concurrency;
    while (this.running < cap) {
      const rows = this.deps.store.queue.next(this.targetId, this.dispatchedUpTo, cap - this.running);
      if (rows.length === 0) break;
      for (const row of rows) {
        this.dispatchedUpTo = row.rowid;
        this.running++;
        void this.run(row).finally(() => {
          this.running--;
          if (this.running === 0) for (const resolve of this.idle) resolve();
          if (this.running === 0) this.idle.clear();
          this.pump();
        });
      }
    }
  }

  private async run(row: QueuedDelivery) {
    const target = this.deps.store.targets.get(this.targetId);
    const event = this.deps.store.events.get(row.eventId);
    if (!target?.enabled || !event) {
      this.deps.store.queue.remove(row.rowid);
      this.deps.replies?.skipped(row.eventId, this.targetId);
      return;
    }
    const result = await deliver(toOutgoing(event), target, this.deps.agents, { now: this.deps.now });
    // Before a hold: a sender waiting on a target that is down gets the fallback now.
    this.deps.replies?.delivered(event.id, target.id, result);
    if (target.holdWhileDown && isTargetDown(result)) {
      this.hold(row);
      return;
    }
    this.holdDelay = HOLD_RETRY_MIN_MS;
    // The slot stays taken until the outcome is committed, so stop() waits for the commit too.
    await this.recorder.record(event.id, target.id, result, row.rowid);
  }

  /** The target refuses connections: keep the row queued and try it again later. */
  private hold(row: QueuedDelivery) {
    this.dispatchedUpTo = row.rowid - 1;
    this.holdUntil = this.deps.now() + this.holdDelay;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, this.holdDelay);
    this.holdDelay = Math.min(HOLD_RETRY_MAX_MS, this.holdDelay * 2);
  }
}

export class Forwarder {
  private readonly lanes = new Map<string, TargetLane>();
  private stopped = false;
  private readonly recorder: DeliveryRecorder;

  constructor(private readonly deps: ForwarderDeps) {
    this.recorder = new DeliveryRecorder(deps);
  }

  /** Picks up work left in the queue by an earlier run (a crash, or a target that was down). */
  start() {
    for (const targetId of this.deps.store.queue.targetsWithWork()) this.kick(targetId);
  }

  kick(targetId: string) {
    if (this.stopped) return;
    let lane = this.lanes.get(targetId);
    if (!lane) {
      lane = new TargetLane(targetId, this.deps, this.recorder);
      this.lanes.set(targetId, lane);
    }
    lane.pump();
  }

  /** Delivers one event right now, outside the queue (replays). */
  async deliverNow(event: StoredEvent, target: Target): Promise<ForwardAttempt> {
    const result = await deliver(toOutgoing(event), target, this.deps.agents, { now: this.deps.now });
    return this.recorder.record(event.id, this.deps.store.targets.get(target.id) ? target.id : null, result);
  }

  async stop() {
    this.stopped = true;
    for (const lane of this.lanes.values()) lane.stop();
    await Promise.all([...this.lanes.values()].map((l) => l.whenIdle()));
  }
}
