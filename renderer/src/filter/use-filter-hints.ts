// Names and paths seen in recent events, for the filter box's completion: asked of the engine
// when the box gets focus, at most every few seconds.
import { useEffect, useRef, useState } from 'react';
import type { FilterHints } from '../../../protocol/desktop-api.js';
import { useApi } from '../api/api-context.js';
import { EMPTY_HINTS } from './filter-completion.js';

const REFRESH_MS = 10_000;

export function useFilterHints(active: boolean): FilterHints {
  const api = useApi();
  const [hints, setHints] = useState<FilterHints>(EMPTY_HINTS);
  const fetchedAt = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    if (!active || performance.now() - fetchedAt.current < REFRESH_MS) return;
    fetchedAt.current = performance.now();
    let current = true;
    api.invoke('events.hints', {}).then(
      (h) => current && setHints(h),
      () => {}, // completion without hints still offers the fields
    );
    return () => {
      current = false;
    };
  }, [api, active]);
  return hints;
}
