// Each endpoint's retention limits. Kept apart from the endpoints table: that one mirrors the
// relay's copy and is rewritten by sync, these are this engine's own.
import type Database from 'better-sqlite3';
import { DEFAULT_RETENTION, type EndpointRetention } from '../../protocol/retention.js';

interface RetentionRow {
  max_age_ms: number | null;
  max_count: number | null;
  max_bytes: number | null;
}

export class RetentionRepository {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare<[string], RetentionRow>(
      'SELECT max_age_ms, max_count, max_bytes FROM endpoint_retention WHERE endpoint_id = ?',
    );
    this.setStmt = db.prepare(
      `INSERT INTO endpoint_retention (endpoint_id, max_age_ms, max_count, max_bytes) VALUES (?, ?, ?, ?)
       ON CONFLICT(endpoint_id) DO UPDATE SET max_age_ms = excluded.max_age_ms,
         max_count = excluded.max_count, max_bytes = excluded.max_bytes`,
    );
  }

  /** An endpoint never set here (new to this engine) has the default limits. */
  get(endpointId: string): EndpointRetention {
    const r = this.getStmt.get(endpointId);
    return r ? { maxAgeMs: r.max_age_ms, maxCount: r.max_count, maxBytes: r.max_bytes } : DEFAULT_RETENTION;
  }

  set(endpointId: string, r: EndpointRetention) {
    this.setStmt.run(endpointId, r.maxAgeMs, r.maxCount, r.maxBytes);
  }
}
