// Saved filters: a short named list kept in the engine's settings table (one JSON value), so
// the sidebar, the CLI and every window see the same ones.
import type { SavedFilter } from '../../protocol/desktop-api.js';
import type { SettingsRepository } from '../store/settings-repository.js';

const KEY = 'filters.saved';

export class SavedFilterRepository {
  constructor(private readonly settings: SettingsRepository) {}

  list(): SavedFilter[] {
    return this.settings.get<SavedFilter[]>(KEY) ?? [];
  }

  replaceAll(filters: readonly SavedFilter[]) {
    this.settings.set(KEY, filters);
  }
}
