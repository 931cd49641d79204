// The endpoints, kept current from onEndpointsChanged, with live event counts and unread
// badges (events that arrived while another endpoint was being looked at).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LocalEndpoint } from '../../../protocol/desktop-api.js';
import { useApi, useApiEvent } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

export interface EndpointsState {
  endpoints: LocalEndpoint[];
  loaded: boolean;
  error: string | null;
  unread: ReadonlyMap<string, number>;
  /** Replaces one endpoint with the engine's answer to a change. */
  replace(endpoint: LocalEndpoint): void;
  reload(): Promise<void>;
}

/** `viewing` is the endpoint whose events are on screen ('all' for every endpoint). */
export function useEndpoints(viewing: string): EndpointsState {
  const api = useApi();
  const [endpoints, setEndpoints] = useState<LocalEndpoint[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unread, setUnread] = useState<ReadonlyMap<string, number>>(new Map());
  const viewingRef = useRef(viewing);
  viewingRef.current = viewing;

  const reload = useCallback(async () => {
    try {
      setEndpoints((await api.invoke('endpoints.list', {})).endpoints);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoaded(true);
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useApiEvent('onEndpointsChanged', ({ endpoints }) => setEndpoints(endpoints));

  // A burst of events re-renders once per frame, not once per event.
  const arrived = useRef(new Map<string, { events: number; unread: number }>());
  const frame = useRef(0);
  const flush = useCallback(() => {
    frame.current = 0;
    const batch = arrived.current;
    arrived.current = new Map();
    setEndpoints((list) =>
      list.map((e) => {
        const n = batch.get(e.id)?.events ?? 0;
        return n ? { ...e, eventCount: e.eventCount + n } : e;
      }),
    );
    if ([...batch.values()].some((b) => b.unread > 0)) {
      setUnread((m) => {
        const next = new Map(m);
        for (const [id, b] of batch) if (b.unread) next.set(id, (next.get(id) ?? 0) + b.unread);
        return next;
      });
    }
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  useApiEvent('onEvent', ({ event }) => {
    if (event.replayOf !== null) return; // a replay is the user's own doing, not news
    const watching = viewingRef.current;
    const entry = arrived.current.get(event.endpointId) ?? { events: 0, unread: 0 };
    entry.events++;
    if (watching !== 'all' && watching !== event.endpointId) entry.unread++;
    arrived.current.set(event.endpointId, entry);
    frame.current ||= requestAnimationFrame(flush);
  });

  // Looking at an endpoint (or at all of them) reads its events.
  useEffect(() => {
    setUnread((m) => {
      if (m.size === 0) return m;
      if (viewing === 'all') return new Map();
      if (!m.has(viewing)) return m;
      const next = new Map(m);
      next.delete(viewing);
      return next;
    });
  }, [viewing]);

  const replace = useCallback((endpoint: LocalEndpoint) => {
    setEndpoints((list) => list.map((e) => (e.id === endpoint.id ? endpoint : e)));
  }, []);

  return { endpoints, loaded, error, unread, replace, reload };
}
