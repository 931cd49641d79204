// The endpoint's signature scheme, if it has one: re-signing a replay needs it.
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.js';

export function useSignatureScheme(endpointId: string): string | null {
  const api = useApi();
  const [scheme, setScheme] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setScheme(null);
    api.invoke('endpoints.list', {}).then(
      ({ endpoints }) => {
        const door = endpoints.find((e) => e.id === endpointId)?.door;
        if (current) setScheme(door?.signature?.check.scheme ?? null);
      },
      () => current && setScheme(null),
    );
    return () => {
      current = false;
    };
  }, [api, endpointId]);
  return scheme;
}
