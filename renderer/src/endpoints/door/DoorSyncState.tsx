// Whether the saved config has reached the relay (it takes effect on the next request there).
import type { LocalEndpoint } from '../../../../protocol/desktop-api.js';

interface DoorSyncStateProps {
  endpoint: LocalEndpoint;
  saveError: string | null;
  dirty: boolean;
}

export function DoorSyncState({ endpoint, saveError, dirty }: DoorSyncStateProps) {
  const [text, className] = saveError
    ? [`Not saved: ${saveError}`, 'error']
    : endpoint.syncState === 'synced'
      ? [
          `Saved, revision ${endpoint.revision}, in effect at the relay${dirty ? ' (unsaved changes below)' : ''}`,
          'muted',
        ]
      : endpoint.syncState === 'pending'
        ? ['Saved; waiting to sync with the relay…', 'muted']
        : [`Saved here, but the relay has not taken it: ${endpoint.syncError ?? endpoint.syncState}`, 'error'];
  return (
    <p
      className={className}
      data-testid="door-sync-state"
      data-sync-state={saveError ? 'unsaved' : endpoint.syncState}
      data-dirty={dirty ? 'true' : 'false'}
    >
      {text}
    </p>
  );
}
