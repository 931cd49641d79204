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

  useApiEvent('onEvent', ({ event }) => {
    if (event.replayOf !== null) return; // a replay is the user's own doing, not news
    setEndpoints((list) => list.map((e) => (e.id === event.endpointId ? { ...e, eventCount: e.eventCount + 1 } : e)));
    const watching = viewingRef.current;
    if (watching === 'all' || watching === event.endpointId) return;
    setUnread((m) => new Map(m).set(event.endpointId, (m.get(event.endpointId) ?? 0) + 1));
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
