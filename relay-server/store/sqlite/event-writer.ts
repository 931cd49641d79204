// Writes a batch of captured events in one transaction, giving each its per-user sequence
// number with one counter update per user per batch (not one per event).
import type Database from 'better-sqlite3';
import type { NewEventRecord } from '../relay-store.js';

export class EventWriter {
  private readonly reserveSeqs;
  private readonly insert;
  private readonly write;

  constructor(db: Database.Database) {
    this.reserveSeqs = db.prepare<[number, string], { last_seq: number }>(
      'UPDATE users SET last_seq = last_seq + ? WHERE id = ? RETURNING last_seq',
    );
    this.insert = db.prepare(
      `INSERT INTO events (user_id, seq, id, endpoint_id, endpoint_name, method, path, query, headers, body, body_size,
        source_ip, received_at, outcome, reject_reason, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.write = db.transaction((events: NewEventRecord[]): number[] => {
      const perUser = new Map<string, number>();
      for (const e of events) perUser.set(e.userId, (perUser.get(e.userId) ?? 0) + 1);
      // The next free seq of each user in this batch.
      const next = new Map<string, number>();
      for (const [userId, count] of perUser) {
        const row = this.reserveSeqs.get(count, userId);
        if (!row) throw new Error(`unknown user ${userId}`);
        next.set(userId, row.last_seq - count + 1);
      }
      return events.map((e) => {
        const seq = next.get(e.userId)!;
        next.set(e.userId, seq + 1);
        this.insert.run(
          e.userId,
          seq,
          e.id,
          e.endpointId,
          e.endpointName,
          e.method,
          e.path,
          e.query,
          JSON.stringify(e.headers),
          e.body,
          e.body.length,
          e.sourceIp,
          e.receivedAt,
          e.outcome,
          e.rejectReason,
          e.findings ? JSON.stringify(e.findings) : null,
        );
        return seq;
      });
    });
  }

  /** Commits the batch (BEGIN IMMEDIATE) and returns the seq of each event, in order. */
  writeBatch(events: NewEventRecord[]): number[] {
    return this.write.immediate(events);
  }
}
