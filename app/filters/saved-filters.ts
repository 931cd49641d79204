// Saved filters: a short named list kept in the engine's settings table (one JSON value), so
// the sidebar, the CLI and every window see the same ones.
import type Database from 'better-sqlite3';
import type { SavedFilter } from '../../protocol/desktop-api.js';

const KEY = 'filters.saved';

export class SavedFilterRepository {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  list(): SavedFilter[] {
    const row = this.getStmt.get(KEY);
    return row ? (JSON.parse(row.value) as SavedFilter[]) : [];
  }

  replaceAll(filters: readonly SavedFilter[]) {
    this.setStmt.run(KEY, JSON.stringify(filters));
  }
}
