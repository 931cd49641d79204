// One event in full, kept current: forward attempts, status changes and replays arrive as
// engine events and are merged in, so the body is fetched once per open.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventDetail } from '../../../protocol/desktop-api.js';
import { useApi, useApiEvent } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

export interface EventDetailState {
  detail: EventDetail | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

export function useEventDetail(id: string | null): EventDetailState {
  const api = useApi();
  const [detail, setDetail] = useState<EventDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // Only the latest request may land: opening events quickly must not show an older one.
  const latest = useRef(0);

  const load = useCallback(
    async (eventId: string) => {
      const request = ++latest.current;
      setLoading(true);
      try {
        const got = await api.invoke('events.get', { id: eventId });
        if (request !== latest.current) return;
        setDetail(got);
        setError(null);
      } catch (err) {
        if (request !== latest.current) return;
        setDetail(null);
        setError(errorMessage(err));
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [api],
  );

  useEffect(() => {
    if (id === null) {
      latest.current++;
      setDetail(null);
      setError(null);
      return;
    }
    // Keep showing the previous event until the next one arrives: no flash of empty pane.
    void load(id);
  }, [id, load]);

  useApiEvent('onForwardAttempt', ({ attempt }) => {
    setDetail((d) =>
      d && d.id === attempt.eventId && !d.attempts.some((a) => a.id === attempt.id)
        ? { ...d, attempts: [...d.attempts, attempt] }
        : d,
    );
  });
  useApiEvent('onEventUpdated', ({ event }) => {
    setDetail((d) => (d && d.id === event.id ? { ...d, ...event } : d));
    setDetail((d) =>
      d?.replays.some((r) => r.id === event.id)
        ? { ...d, replays: d.replays.map((r) => (r.id === event.id ? event : r)) }
        : d,
    );
  });
  useApiEvent('onEvent', ({ event }) => {
    setDetail((d) =>
      d && event.replayOf === d.id && !d.replays.some((r) => r.id === event.id)
        ? { ...d, replays: [...d.replays, event] }
        : d,
    );
  });

  const reload = useCallback(() => {
    if (id) void load(id);
  }, [id, load]);

  return { detail, error, loading, reload };
}
