// An EventWindow for the current query, live: new events are prepended and updated ones
// replaced, and React hears about it at most once per animation frame.
import { useEffect, useRef, useState } from 'react';
import type { EventQuery } from '../../../protocol/desktop-api.js';
import type { PortholeApi } from '../api/porthole-api.js';
import { EventWindow } from './event-window.js';
import { mightMatch } from './live-match.js';

export interface EventWindowState {
  window: EventWindow | null;
  /** Bumped on every change, to re-render. */
  version: number;
  ready: boolean;
  /** Rows prepended since the list last adjusted its scroll position. */
  takePrepended(): number;
}

/** `enabled` false: no window yet (the endpoint to show is not known). */
export function useEventWindow(
  api: PortholeApi,
  query: EventQuery,
  queryKey: string,
  enabled = true,
): EventWindowState {
  const [state, setState] = useState<{ window: EventWindow | null; version: number; ready: boolean }>({
    window: null,
    version: 0,
    ready: false,
  });
  const prepended = useRef(0);
  /** The window on screen; a new query's window replaces it only once its first page is in. */
  const displayed = useRef<EventWindow | null>(null);
  const latestQuery = useRef(query);
  latestQuery.current = query;

  // biome-ignore lint/correctness/useExhaustiveDependencies: queryKey stands for the query (a new object each render).
  useEffect(() => {
    if (!enabled) return;
    const q = latestQuery.current;
    let frame = 0;
    const flush = () => {
      frame = 0;
      setState((s) => (s.window === w ? { ...s, version: s.version + 1 } : s));
    };
    const w: EventWindow = new EventWindow(
      {
        list: (before, limit) => api.invoke('events.list', { query: q, limit, ...(before ? { before } : {}) }),
        count: async () => (await api.invoke('events.count', { query: q })).count,
      },
      (change) => {
        if (displayed.current !== w) return; // not on screen yet: the swap renders it whole
        prepended.current += change.prepended;
        frame ||= requestAnimationFrame(flush);
      },
    );
    // Subscribed before the first page arrives: an event in between still shows.
    const offNew = api.on('onEvent', ({ event }) => {
      if (mightMatch(q, event)) w.newEventArrived();
    });
    const offUpdated = api.on('onEventUpdated', ({ event }) => {
      // Not held, but now matching (a status filter): it may be a new top row.
      if (!w.update(event) && (q.status || q.filter) && mightMatch(q, event)) w.newEventArrived();
    });
    const offRemoved = api.on('onEventsRemoved', ({ endpointId }) => {
      if (!q.endpointId || q.endpointId === endpointId) w.eventsRemoved();
    });
    // Until then the previous query's rows stay up: no flash of an empty list or a 0 count.
    const show = () => {
      if (w.disposed) return;
      displayed.current = w;
      prepended.current = 0;
      setState({ window: w, version: 0, ready: true });
    };
    w.ready.then(show, show);
    return () => {
      offNew();
      offUpdated();
      offRemoved();
      if (frame) cancelAnimationFrame(frame);
      w.dispose();
    };
  }, [api, queryKey, enabled]);

  return {
    ...state,
    takePrepended() {
      const n = prepended.current;
      prepended.current = 0;
      return n;
    },
  };
}
