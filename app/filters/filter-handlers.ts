// DesktopApi methods for the filter box: completion hints and saved filters.
import { DesktopApiError, MAX_SAVED_FILTERS, type SavedFilter } from '../../protocol/desktop-api.js';
import { parseFilter } from '../../protocol/filter/filter-parser.js';
import { printFilter } from '../../protocol/filter/filter-printer.js';
import { newId } from '../../protocol/ids.js';
import type { DesktopHandlers } from '../desktop-api/desktop-handlers.js';
import type { EngineStore } from '../store/engine-store.js';
import { collectFilterHints } from './filter-hints.js';
import { SavedFilterRepository } from './saved-filters.js';

type FilterMethods = Pick<DesktopHandlers, 'events.hints' | 'filters.list' | 'filters.save' | 'filters.delete'>;

const DEFAULT_HINT_EVENTS = 200;

export function filterHandlers(deps: { store: EngineStore; now: () => number }): FilterMethods {
  const saved = new SavedFilterRepository(deps.store.settings);
  return {
    'events.hints': async ({ limit }) => collectFilterHints(deps.store.db, limit ?? DEFAULT_HINT_EVENTS),
    'filters.list': async () => ({ filters: saved.list() }),
    'filters.save': async ({ id, name, filter }) => {
      // Stored in normal form; one that does not parse is refused with its position.
      const normal = printFilter(parseFilter(filter));
      const trimmed = name.trim();
      if (!trimmed) throw new DesktopApiError('invalid_params', 'a saved filter needs a name');
      const all = saved.list();
      if (all.some((f) => f.name === trimmed && f.id !== id)) {
        throw new DesktopApiError('conflict', `a saved filter is already named "${trimmed}"`);
      }
      let result: SavedFilter;
      if (id) {
        const current = all.find((f) => f.id === id);
        if (!current) throw new DesktopApiError('not_found', `no saved filter ${id}`);
        result = { ...current, name: trimmed, filter: normal };
        saved.replaceAll(all.map((f) => (f.id === id ? result : f)));
      } else {
        if (all.length >= MAX_SAVED_FILTERS) {
          throw new DesktopApiError('conflict', `at most ${MAX_SAVED_FILTERS} saved filters; delete one first`);
        }
        const now = deps.now();
        result = { id: newId('flt', now), name: trimmed, filter: normal, createdAt: new Date(now).toISOString() };
        saved.replaceAll([...all, result]);
      }
      return result;
    },
    'filters.delete': async ({ id }) => {
      const all = saved.list();
      if (!all.some((f) => f.id === id)) throw new DesktopApiError('not_found', `no saved filter ${id}`);
      saved.replaceAll(all.filter((f) => f.id !== id));
      return {};
    },
  };
}
