// An endpoint's forward targets, for the replay's destination choice.
import { useEffect, useState } from 'react';
import type { Target } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';

export function useTargets(endpointId: string): Target[] | null {
  const api = useApi();
  const [targets, setTargets] = useState<Target[] | null>(null);
  useEffect(() => {
    let current = true;
    setTargets(null);
    api.invoke('targets.list', { endpointId }).then(
      (r) => current && setTargets(r.targets),
      () => current && setTargets([]),
    );
    return () => {
      current = false;
    };
  }, [api, endpointId]);
  return targets;
}
