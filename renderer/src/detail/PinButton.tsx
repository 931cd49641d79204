// Pin / Unpin: a pinned event is kept whatever its endpoint's retention limits say. The new
// state comes back as onEventUpdated, which the detail and the list both merge.
import { useState } from 'react';
import type { EventSummary } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

export function PinButton({ event }: { event: EventSummary }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pinned = event.pinned === true;
  const toggle = async () => {
    setBusy(true);
    try {
      await api.invoke('events.pin', { id: event.id, pinned: !pinned });
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      data-testid="pin-toggle"
      aria-pressed={pinned}
      disabled={busy}
      title={error ?? (pinned ? 'Let retention remove it again' : 'Keep this event whatever the retention limits say')}
      onClick={() => void toggle()}
    >
      {pinned ? 'Unpin' : 'Pin'}
    </button>
  );
}
