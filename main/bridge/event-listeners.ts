// The preload's side of engine events: one IPC listener fans each event out to the page's
// callbacks. Only contract events are accepted, and a callback that throws does not stop
// the others.
import { type DesktopEventName, isDesktopEvent } from '../../protocol/desktop-api.js';

export type BridgeListener = (data: unknown) => void;

export class BridgeListeners {
  private readonly byEvent = new Map<DesktopEventName, Set<BridgeListener>>();

  constructor(private readonly report: (err: unknown) => void = () => {}) {}

  /** Throws for a name outside the contract; returns the unsubscribe. */
  add(event: unknown, listener: unknown): () => void {
    if (typeof event !== 'string' || !isDesktopEvent(event)) {
      throw new TypeError(`unknown event: ${String(event)}`);
    }
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // Wrapped, so the same callback subscribed twice gets two independent subscriptions.
    const entry: BridgeListener = (data) => (listener as BridgeListener)(data);
    let set = this.byEvent.get(event);
    if (!set) {
      set = new Set();
      this.byEvent.set(event, set);
    }
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** Delivers `{event, data}` from main; anything else is ignored. */
  dispatch(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const { event, data } = message as { event?: unknown; data?: unknown };
    if (typeof event !== 'string' || !isDesktopEvent(event)) return;
    for (const listener of [...(this.byEvent.get(event) ?? [])]) {
      try {
        listener(data);
      } catch (err) {
        this.report(err);
      }
    }
  }

  count(event: DesktopEventName): number {
    return this.byEvent.get(event)?.size ?? 0;
  }
}
