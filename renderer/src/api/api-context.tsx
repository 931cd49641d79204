// The connected API for every component, and a hook to listen to engine events.
import { createContext, useContext, useEffect, useRef } from 'react';
import type { DesktopEventData, DesktopEventName, PortholeApi } from './porthole-api.js';

export const ApiContext = createContext<PortholeApi | null>(null);

export function useApi(): PortholeApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}

/** Subscribes for the component's lifetime; the latest callback is always the one called. */
export function useApiEvent<E extends DesktopEventName>(event: E, listener: (data: DesktopEventData<E>) => void) {
  const api = useApi();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => api.on(event, (data) => latest.current(data)), [api, event]);
}
