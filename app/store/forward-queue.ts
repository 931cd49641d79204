// Deliveries still owed, per target, in arrival order. Rows are written in the same
// transaction as their event, so a crash between "stored" and "forwarded" loses nothing.
import type Database from 'better-sqlite3';

export interface QueuedDelivery {
  rowid: number;
  eventId: string;
  targetId: string;
}

export class ForwardQueue {
  private readonly enqueueStmt;
  private readonly headStmt;
  private readonly removeStmt;
  private readonly targetsStmt;
  private readonly dropTargetStmt;

  constructor(db: Database.Database) {
    this.enqueueStmt = db.prepare(
      'INSERT OR IGNORE INTO forward_queue (event_id, target_id, enqueued_at) VALUES (?, ?, ?)',
    );
    this.headStmt = db.prepare<[string, number, number], { rowid: number; event_id: string; target_id: string }>(
      'SELECT rowid, event_id, target_id FROM forward_queue WHERE target_id = ? AND rowid > ? ORDER BY rowid LIMIT ?',
    );
    this.removeStmt = db.prepare('DELETE FROM forward_queue WHERE rowid = ?');
    this.targetsStmt = db.prepare<[], { target_id: string }>('SELECT DISTINCT target_id FROM forward_queue');
    this.dropTargetStmt = db.prepare('DELETE FROM forward_queue WHERE target_id = ?');
  }

  enqueue(eventId: string, targetId: string, now: number) {
    this.enqueueStmt.run(eventId, targetId, now);
  }

  /** The next `limit` deliveries of a target after `afterRowid`, oldest first. */
  next(targetId: string, afterRowid: number, limit: number): QueuedDelivery[] {
    return this.headStmt
      .all(targetId, afterRowid, limit)
      .map((r) => ({ rowid: r.rowid, eventId: r.event_id, targetId: r.target_id }));
  }

  remove(rowid: number) {
    this.removeStmt.run(rowid);
  }

  targetsWithWork(): string[] {
    return this.targetsStmt.all().map((r) => r.target_id);
  }

  dropTarget(targetId: string) {
    this.dropTargetStmt.run(targetId);
  }
}
