// The engine's outgoing DesktopApi events. Synchronous, so listeners see events in the
// order they happened; one failing listener never keeps the event from the others.
import type { DesktopEventData, DesktopEventMessage, DesktopEventName } from '../../protocol/desktop-api.js';

export type DesktopEventListener<E extends DesktopEventName> = (data: DesktopEventData<E>) => void;
export type DesktopEventMessageListener = (message: DesktopEventMessage) => void;

export interface DesktopEventBusOptions {
  /** Told about a listener that threw; the default writes it to stderr. */
  onListenerError?(err: unknown, event: DesktopEventName): void;
}

export class DesktopEventBus {
  private readonly byEvent = new Map<DesktopEventName, Set<(data: unknown) => void>>();
  private readonly everyEvent = new Set<DesktopEventMessageListener>();
  private readonly onListenerError: (err: unknown, event: DesktopEventName) => void;

  constructor(options: DesktopEventBusOptions = {}) {
    this.onListenerError =
      options.onListenerError ?? ((err, event) => console.error(`DesktopEventBus: a listener of ${event} threw`, err));
  }

  emit<E extends DesktopEventName>(event: E, data: DesktopEventData<E>): void {
    // Copies, so a listener that subscribes or unsubscribes mid-emit changes only later emits.
    for (const listener of [...(this.byEvent.get(event) ?? [])]) this.call(event, () => listener(data));
    const message = { event, data } as DesktopEventMessage;
    for (const listener of [...this.everyEvent]) this.call(event, () => listener(message));
  }

  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends DesktopEventName>(event: E, listener: DesktopEventListener<E>): () => void {
    let listeners = this.byEvent.get(event);
    if (!listeners) {
      listeners = new Set();
      this.byEvent.set(event, listeners);
    }
    // A wrapper per subscription, so subscribing the same function twice needs two unsubscribes.
    const entry = (data: unknown) => listener(data as DesktopEventData<E>);
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  }

  /** Subscribes to every event as `{event, data}`: what transports forward to their clients. */
  onAny(listener: DesktopEventMessageListener): () => void {
    const entry: DesktopEventMessageListener = (message) => listener(message);
    this.everyEvent.add(entry);
    return () => {
      this.everyEvent.delete(entry);
    };
  }

  private call(event: DesktopEventName, run: () => void) {
    try {
      run();
    } catch (err) {
      try {
        this.onListenerError(err, event);
      } catch {
        // The error reporter itself failed; the remaining listeners still get the event.
      }
    }
  }
}
