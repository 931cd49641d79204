// The engine's version, data dir, secret storage and relay status, the latter kept live.
import { useEffect, useState } from 'react';
import type { DesktopResult, RelayStatus } from '../../../protocol/desktop-api.js';
import { useApi, useApiEvent } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

export type AppStatus = DesktopResult<'app.status'>;

export interface AppStatusState {
  app: AppStatus | null;
  relay: RelayStatus | null;
  setRelay(status: RelayStatus): void;
  error: string | null;
}

export function useAppStatus(): AppStatusState {
  const api = useApi();
  const [app, setApp] = useState<AppStatus | null>(null);
  const [relay, setRelay] = useState<RelayStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.invoke('app.status', {}).then(
      (status) => {
        setApp(status);
        setRelay((r) => r ?? status.relay);
      },
      (err) => setError(errorMessage(err)),
    );
  }, [api]);
  useApiEvent('onRelayStatus', setRelay);
  return { app, relay, setRelay, error };
}
