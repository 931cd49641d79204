// The event the body template preview renders against: chosen from the recent events of
// the rule's endpoint (or of all), fetched in full (headers and body) when chosen.
import { useEffect, useState } from 'react';
import type { EventDetail, EventSummary } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

export interface PreviewEventState {
  recent: EventSummary[];
  chosenId: string | null;
  choose(id: string | null): void;
  event: EventDetail | null;
  error: string | null;
}

const RECENT = 20;

export function usePreviewEvent(endpointId: string | null): PreviewEventState {
  const api = useApi();
  const [recent, setRecent] = useState<EventSummary[]>([]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [event, setEvent] = useState<EventDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.invoke('events.list', { query: endpointId ? { endpointId } : {}, limit: RECENT }).then(
      ({ events }) => {
        if (!live) return;
        setRecent(events);
        // The newest one by default, so the preview shows real values at once.
        setChosenId((id) => (id && events.some((e) => e.id === id) ? id : (events[0]?.id ?? null)));
      },
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [api, endpointId]);

  useEffect(() => {
    if (chosenId === null) {
      setEvent(null);
      return;
    }
    let live = true;
    api.invoke('events.get', { id: chosenId }).then(
      (got) => live && setEvent(got),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [api, chosenId]);

  return { recent, chosenId, choose: setChosenId, event, error };
}
