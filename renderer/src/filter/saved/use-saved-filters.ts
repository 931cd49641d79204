// Saved filters and how many events each matches now. Counts refresh when the list changes
// and, at most every few seconds, as events arrive.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SavedFilter } from '../../../../protocol/desktop-api.js';
import { useApi } from '../../api/api-context.js';

const COUNT_REFRESH_MS = 3000;

export interface SavedFiltersState {
  filters: readonly SavedFilter[];
  counts: ReadonlyMap<string, number>;
  save(name: string, filter: string): Promise<SavedFilter>;
  remove(id: string): Promise<void>;
}

export function useSavedFilters(): SavedFiltersState {
  const api = useApi();
  const [filters, setFilters] = useState<readonly SavedFilter[]>([]);
  const [counts, setCounts] = useState<ReadonlyMap<string, number>>(new Map());
  const countsFor = useRef<readonly SavedFilter[]>([]);

  const reload = useCallback(async () => {
    const { filters: list } = await api.invoke('filters.list', {});
    setFilters(list);
  }, [api]);

  const recount = useCallback(async () => {
    const list = countsFor.current;
    const next = new Map<string, number>();
    for (const f of list) {
      try {
        next.set(f.id, (await api.invoke('events.count', { query: { filter: f.filter } })).count);
      } catch {
        // A filter the engine no longer reads shows no count.
      }
    }
    if (countsFor.current === list) setCounts(next);
  }, [api]);

  useEffect(() => {
    void reload().catch(() => {});
  }, [reload]);

  useEffect(() => {
    countsFor.current = filters;
    void recount();
  }, [filters, recount]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.on('onEvent', () => {
      timer ??= setTimeout(() => {
        timer = null;
        void recount();
      }, COUNT_REFRESH_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api, recount]);

  const save = useCallback(
    async (name: string, filter: string) => {
      const saved = await api.invoke('filters.save', { name, filter });
      await reload();
      return saved;
    },
    [api, reload],
  );
  const remove = useCallback(
    async (id: string) => {
      await api.invoke('filters.delete', { id });
      await reload();
    },
    [api, reload],
  );
  return { filters, counts, save, remove };
}
