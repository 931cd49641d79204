// Keeps the engine's file compact: with auto_vacuum INCREMENTAL, pages freed by deletes go to
// a free list that `incremental_vacuum(N)` hands back to the file system N pages at a time,
// so space comes back in short steps instead of one long VACUUM that blocks everything.
import type Database from 'better-sqlite3';

const INCREMENTAL = 2;

/**
 * Switches a database made before retention to INCREMENTAL. The mode of a file that has tables
 * only changes with a full VACUUM: the whole file is rewritten once (about a second per few
 * hundred MB, and up to the file's size again in free disk while it runs). A new file gets the
 * mode before its first table and never pays this. Returns true when it vacuumed.
 */
export function ensureIncrementalVacuum(db: Database.Database): boolean {
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return false;
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
  return true;
}

export function freePages(db: Database.Database): number {
  return db.pragma('freelist_count', { simple: true }) as number;
}

/** Returns up to `pages` free pages to the file system; one short write transaction. */
export function vacuumStep(db: Database.Database, pages: number): void {
  db.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
}

/**
 * In WAL mode the shortened file reaches disk at a checkpoint; TRUNCATE also empties the WAL,
 * which a large cleanup grew. A reader still on an old snapshot makes it a partial checkpoint.
 */
export function checkpoint(db: Database.Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}
