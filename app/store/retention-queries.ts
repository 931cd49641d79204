// The SQL of retention, over the events_retention index (unpinned events of an endpoint by
// received time): where an endpoint's limits cut, and removing what lies before the cut with
// everything that hangs off each event (forward attempts, queue rows, full-text row).
import type Database from 'better-sqlite3';

/** Unpinned events strictly before this (received_at, rowid) position are removed. */
export interface Cut {
  receivedAt: number;
  rowid: number;
}

export interface SizedRow {
  receivedAt: number;
  rowid: number;
  bodySize: number;
}

export const laterCut = (a: Cut | null, b: Cut | null): Cut | null => {
  if (!a) return b;
  if (!b) return a;
  return a.receivedAt > b.receivedAt || (a.receivedAt === b.receivedAt && a.rowid > b.rowid) ? a : b;
};

/** The cut that removes `row` and everything older. */
export const cutAfter = (row: { receivedAt: number; rowid: number }): Cut => ({
  receivedAt: row.receivedAt,
  rowid: row.rowid + 1,
});

export class RetentionQueries {
  private readonly nthNewestStmt;
  private readonly newestPageStmt;
  private readonly oldestStmt;
  private readonly deleteFts;
  private readonly deleteAttempts;
  private readonly deleteQueue;
  private readonly deleteEvent;

  constructor(db: Database.Database) {
    this.nthNewestStmt = db.prepare<[string, number], { received_at: number; rowid: number }>(
      `SELECT received_at, rowid FROM events WHERE endpoint_id = ? AND pinned = 0
       ORDER BY received_at DESC, rowid DESC LIMIT 1 OFFSET ?`,
    );
    this.newestPageStmt = db.prepare<[string, number, number, number], SizedRowSql>(
      `SELECT received_at, rowid, body_size FROM events WHERE endpoint_id = ? AND pinned = 0
         AND (received_at, rowid) < (?, ?)
       ORDER BY received_at DESC, rowid DESC LIMIT ?`,
    );
    this.oldestStmt = db.prepare<[string, number, number, number], { rowid: number; id: string }>(
      `SELECT rowid, id FROM events WHERE endpoint_id = ? AND pinned = 0 AND (received_at, rowid) < (?, ?)
       ORDER BY received_at, rowid LIMIT ?`,
    );
    this.deleteFts = db.prepare('DELETE FROM events_fts WHERE rowid = ?');
    this.deleteAttempts = db.prepare('DELETE FROM attempts WHERE event_id = ?');
    this.deleteQueue = db.prepare('DELETE FROM forward_queue WHERE event_id = ?');
    this.deleteEvent = db.prepare('DELETE FROM events WHERE rowid = ?');
  }

  /** The cut of a count limit: keeps the newest `maxCount` unpinned events; null when within it. */
  countCut(endpointId: string, maxCount: number): Cut | null {
    const row = this.nthNewestStmt.get(endpointId, maxCount);
    return row ? cutAfter({ receivedAt: row.received_at, rowid: row.rowid }) : null;
  }

  /** Unpinned events newest first, from just before `from` (null: the newest). */
  newestPage(endpointId: string, from: Cut | null, limit: number): SizedRow[] {
    const start = from ?? { receivedAt: Number.MAX_SAFE_INTEGER, rowid: 0 };
    return this.newestPageStmt
      .all(endpointId, start.receivedAt, start.rowid, limit)
      .map((r) => ({ receivedAt: r.received_at, rowid: r.rowid, bodySize: r.body_size }));
  }

  /** Removes up to `limit` of the oldest unpinned events before the cut; call in a transaction. */
  removeOldest(endpointId: string, cut: Cut, limit: number): number {
    const rows = this.oldestStmt.all(endpointId, cut.receivedAt, cut.rowid, limit);
    for (const { rowid, id } of rows) {
      this.deleteFts.run(rowid);
      this.deleteAttempts.run(id);
      this.deleteQueue.run(id);
      this.deleteEvent.run(rowid);
    }
    return rows.length;
  }
}

interface SizedRowSql {
  received_at: number;
  rowid: number;
  body_size: number;
}
