// Forward attempts: every delivery to a local target (or a replay URL) with its response.
import type Database from 'better-sqlite3';
import type { ForwardAttempt, ForwardError } from '../../protocol/desktop-api.js';

interface AttemptRow {
  id: string;
  event_id: string;
  target_id: string | null;
  url: string;
  started_at: number;
  duration_ms: number;
  status: number | null;
  response_headers: string;
  response_body: Buffer;
  response_body_size: number;
  response_truncated: number;
  error_kind: ForwardError['kind'] | null;
  error_message: string | null;
}

export interface NewAttempt {
  id: string;
  eventId: string;
  targetId: string | null;
  url: string;
  startedAt: number;
  durationMs: number;
  status: number | null;
  responseHeaders: [string, string][];
  responseBody: Buffer;
  responseBodySize: number;
  responseTruncated: boolean;
  error: ForwardError | null;
}

export function toForwardAttempt(a: NewAttempt): ForwardAttempt {
  return {
    id: a.id,
    eventId: a.eventId,
    targetId: a.targetId,
    url: a.url,
    startedAt: new Date(a.startedAt).toISOString(),
    durationMs: a.durationMs,
    status: a.status,
    responseHeaders: a.responseHeaders,
    responseBody: a.responseBody.toString('base64'),
    responseBodySize: a.responseBodySize,
    responseTruncated: a.responseTruncated,
    error: a.error,
  };
}

export class AttemptRepository {
  private readonly insertStmt;
  private readonly ofEvent;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO attempts (id, event_id, target_id, url, started_at, duration_ms, status, response_headers,
        response_body, response_body_size, response_truncated, error_kind, error_message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.ofEvent = db.prepare<[string], AttemptRow>('SELECT * FROM attempts WHERE event_id = ? ORDER BY rowid');
  }

  insert(a: NewAttempt) {
    this.insertStmt.run(
      a.id,
      a.eventId,
      a.targetId,
      a.url,
      a.startedAt,
      a.durationMs,
      a.status,
      JSON.stringify(a.responseHeaders),
      a.responseBody,
      a.responseBodySize,
      a.responseTruncated ? 1 : 0,
      a.error?.kind ?? null,
      a.error?.message ?? null,
    );
  }

  forEvent(eventId: string): ForwardAttempt[] {
    return this.ofEvent.all(eventId).map((r) =>
      toForwardAttempt({
        id: r.id,
        eventId: r.event_id,
        targetId: r.target_id,
        url: r.url,
        startedAt: r.started_at,
        durationMs: r.duration_ms,
        status: r.status,
        responseHeaders: JSON.parse(r.response_headers) as [string, string][],
        responseBody: r.response_body,
        responseBodySize: r.response_body_size,
        responseTruncated: r.response_truncated === 1,
        error: r.error_kind ? { kind: r.error_kind, message: r.error_message ?? '' } : null,
      }),
    );
  }
}
