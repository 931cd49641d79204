// Replays an event, as it was or edited, to its endpoint's targets or to any URL. The
// replay is stored as an event of its own, linked to its source, at most 5 levels deep.
// With `resign`, the edited request is signed afresh with the endpoint's scheme (resign.ts);
// the stored replay holds the headers actually sent.
import type { DoorVault } from '../../protocol/crypto/door-vault.js';
import {
  DesktopApiError,
  type ForwardAttempt,
  type ReplayEdits,
  TARGET_DEFAULTS,
  type Target,
} from '../../protocol/desktop-api.js';
import { newId } from '../../protocol/ids.js';
import type { DesktopEventBus } from '../desktop-api/event-bus.js';
import type { Forwarder } from '../forwarder/forward-lanes.js';
import { matchesTargetFilter } from '../forwarder/target-filter.js';
import type { EngineStore } from '../store/engine-store.js';
import type { StoredEvent } from '../store/event-records.js';
import { type ReplayRequest, resignRequest } from './resign.js';

export const MAX_REPLAY_DEPTH = 5;
/** Replays to a URL share one connection pool under this id; their attempts have no target. */
export const ADHOC_TARGET_ID = 'adhoc';

export class ReplayService {
  constructor(
    private readonly deps: {
      store: EngineStore;
      forwarder: Forwarder;
      events: DesktopEventBus;
      doors: DoorVault;
      now: () => number;
    },
  ) {}

  async replay(eventId: string, edits: ReplayEdits = {}, to?: { url: string }, resign = false) {
    const { store } = this.deps;
    const source = store.events.get(eventId);
    if (!source) throw new DesktopApiError('not_found', `no event ${eventId}`);
    const depth = source.replayDepth + 1;
    if (depth > MAX_REPLAY_DEPTH) {
      throw new DesktopApiError(
        'conflict',
        `replays nest at most ${MAX_REPLAY_DEPTH} deep; replay the original instead`,
      );
    }
    const now = this.deps.now();
    let request: ReplayRequest = {
      method: edits.method?.toUpperCase() ?? source.method,
      path: edits.path ?? source.path,
      query: edits.query ?? source.query,
      headers: edits.headers ?? source.headers,
      body: edits.body !== undefined ? Buffer.from(edits.body, 'base64') : source.body,
    };
    if (resign) request = await this.resign(source, request, now);
    const replay = store.transaction(() =>
      store.events.insert({
        ...source,
        ...request,
        id: newId('evt', now),
        seq: null,
        receivedAt: now,
        outcome: 'accepted',
        rejectReason: null,
        // A replay never went through the relay's door, so it carries no findings.
        findings: null,
        replayOf: source.id,
        replayDepth: depth,
      }),
    );
    if (!replay) throw new DesktopApiError('internal', 'could not store the replay');
    const first = store.events.summary(replay.id);
    if (first) this.deps.events.emit('onEvent', { event: first });
    const attempts = await this.deliver(replay, to);
    return { event: store.events.summary(replay.id)!, attempts };
  }

  /** Signs `request` with the source endpoint's current door config, opened through the vault. */
  private async resign(source: StoredEvent, request: ReplayRequest, now: number): Promise<ReplayRequest> {
    const endpoint = this.deps.store.endpoints.get(source.endpointId);
    if (!endpoint) {
      throw new DesktopApiError('invalid_params', `cannot re-sign: the endpoint of event ${source.id} is gone`);
    }
    const door = await this.deps.doors.open(endpoint.id, endpoint.sealedDoor);
    return resignRequest(endpoint, door, request, now);
  }

  private async deliver(replay: StoredEvent, to?: { url: string }): Promise<ForwardAttempt[]> {
    const targets: Target[] = to
      ? [{ ...TARGET_DEFAULTS, id: ADHOC_TARGET_ID, endpointId: replay.endpointId, url: to.url, pathMode: 'fixed' }]
      : this.deps.store.targets
          .forEndpoint(replay.endpointId)
          .filter((t) => t.enabled && matchesTargetFilter(t.filter, replay));
    if (targets.length === 0) {
      throw new DesktopApiError('conflict', 'this endpoint has no target that takes this event; choose a URL');
    }
    return Promise.all(targets.map((t) => this.deps.forwarder.deliverNow(replay, t)));
  }
}
