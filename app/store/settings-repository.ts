// Small key/value state of the engine: the relay pairing, the stream cursor, and small JSON
// values other parts keep here (saved filters, relay alert deletes not yet confirmed).
import type Database from 'better-sqlite3';

export interface RelayPairing {
  relayUrl: string;
  deviceId: string;
  userId: string;
  embedded: boolean;
}

export class SettingsRepository {
  private readonly getStmt;
  private readonly setStmt;
  private readonly deleteStmt;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.deleteStmt = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  get<T>(key: string): T | null {
    const r = this.getStmt.get(key);
    return r ? (JSON.parse(r.value) as T) : null;
  }

  set(key: string, value: unknown) {
    this.setStmt.run(key, JSON.stringify(value));
  }

  pairing(): RelayPairing | null {
    return this.get<RelayPairing>('relay.pairing');
  }

  setPairing(pairing: RelayPairing | null) {
    if (pairing) this.set('relay.pairing', pairing);
    else this.deleteStmt.run('relay.pairing');
  }

  /** The embedded relay's pairing, kept while paired elsewhere so the app can switch back. */
  embeddedPairing(): (RelayPairing & { token: string }) | null {
    return this.get<RelayPairing & { token: string }>('relay.embeddedPairing');
  }

  setEmbeddedPairing(pairing: (RelayPairing & { token: string }) | null) {
    if (pairing) this.set('relay.embeddedPairing', pairing);
    else this.deleteStmt.run('relay.embeddedPairing');
  }

  /** Highest relay seq committed locally: the stream resumes after it. */
  cursor(): number {
    return this.get<number>('relay.cursor') ?? 0;
  }

  setCursor(seq: number) {
    this.set('relay.cursor', seq);
  }
}
