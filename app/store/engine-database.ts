// Opens the engine's SQLite file: WAL, full fsync (an event is acked to the relay only
// after it is durable here), migrations at open.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensureIncrementalVacuum } from './compaction.js';
import { migrateEngineDatabase } from './engine-migrations.js';

export function engineDatabasePath(dataDir: string): string {
  return path.join(dataDir, 'porthole.sqlite');
}

export function openEngineDatabase(dataDir: string): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = engineDatabasePath(dataDir);
  const db = new Database(file);
  fs.chmodSync(file, 0o600);
  // Must precede the first table: a new file is incremental from the start (see compaction.ts).
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') {
    db.close();
    throw new Error(`${file}: SQLite refused WAL mode`);
  }
  migrateEngineDatabase(db);
  // A file made before retention is rewritten once so deletes can give space back.
  ensureIncrementalVacuum(db);
  return db;
}
