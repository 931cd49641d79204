// Writes a batch of captured events in one transaction, giving each its per-user sequence
// number with one counter update per user per batch (not one per event).
import type Database from 'better-sqlite3';
import type { NewEventRecord } from '../relay-store.js';

export class EventWriter {
  private readonly reserveSeqs;
  private readonly insert;
  private readonly write;
  private readonly findKey;
  private readonly countRepeat;

  constructor(db: Database.Database) {
    this.reserveSeqs = db.prepare<[number, string], { last_seq: number }>(
      'UPDATE users SET last_seq = last_seq + ? WHERE id = ? RETURNING last_seq',
    );
    this.insert = db.prepare(
      `INSERT INTO events (user_id, seq, id, endpoint_id, endpoint_name, method, path, query, headers, body, body_size,
        source_ip, received_at, outcome, reject_reason, findings, idempotency_key)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.findKey = db.prepare<[string, string], { id: string }>(
      'SELECT id FROM events WHERE endpoint_id = ? AND idempotency_key = ?',
    );
    this.countRepeat = db.prepare<[number, string, string]>(
      `UPDATE events SET repeats = repeats + 1, last_repeat_at = MAX(COALESCE(last_repeat_at, 0), ?)
       WHERE endpoint_id = ? AND idempotency_key = ?`,
    );
    this.write = db.transaction((events: NewEventRecord[]): number[] => {
      // Duplicates first, in the same transaction as the inserts, so two concurrent
      // deliveries of one event store one row; they take no seq.
      const keysInBatch = new Set<string>();
      const duplicate = events.map((e) => {
        if (!e.idempotencyKey) return false;
        const scoped = `${e.endpointId}\n${e.idempotencyKey}`;
        if (keysInBatch.has(scoped) || this.findKey.get(e.endpointId, e.idempotencyKey)) return true;
        keysInBatch.add(scoped);
        return false;
      });
      const perUser = new Map<string, number>();
      for (const [i, e] of events.entries()) {
        if (!duplicate[i]) perUser.set(e.userId, (perUser.get(e.userId) ?? 0) + 1);
      }
      // The next free seq of each user in this batch.
      const next = new Map<string, number>();
      for (const [userId, count] of perUser) {
        const row = this.reserveSeqs.get(count, userId);
        if (!row) throw new Error(`unknown user ${userId}`);
        next.set(userId, row.last_seq - count + 1);
      }
      const seqs = events.map((e, i) => {
        if (duplicate[i]) return 0;
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
          e.idempotencyKey ?? null,
        );
        return seq;
      });
      // After the inserts: an in-batch duplicate's original is stored only now.
      for (const [i, e] of events.entries())
        if (duplicate[i]) this.countRepeat.run(e.receivedAt, e.endpointId, e.idempotencyKey!);
      return seqs;
    });
  }

  /** Commits the batch (BEGIN IMMEDIATE) and returns the seq of each event, in order. */
  writeBatch(events: NewEventRecord[]): number[] {
    return this.write.immediate(events);
  }
}
