// Listeners by event name, shared by both transports.
type Listener = (data: never) => void;

export class ListenerSet {
  private readonly byName = new Map<string, Set<Listener>>();

  add(name: string, listener: Listener): () => void {
    let set = this.byName.get(name);
    if (!set) {
      set = new Set();
      this.byName.set(name, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit(name: string, data: unknown) {
    const set = this.byName.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (data: unknown) => void)(data);
      } catch (err) {
        // One broken view must not stop the others from hearing the event.
        console.error(`listener for ${name} failed`, err);
      }
    }
  }
}
