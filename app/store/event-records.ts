// The engine's stored event and how it maps to the DesktopApi's summary and detail shapes.
import type { EventSummary } from '../../protocol/desktop-api.js';
import type { DoorFindings } from '../../protocol/endpoint-door.js';

export interface StoredEvent {
  rowid: number;
  id: string;
  seq: number | null;
  endpointId: string;
  endpointName: string;
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  contentType: string | null;
  body: Buffer;
  sourceIp: string;
  receivedAt: number;
  outcome: 'accepted' | 'rejected';
  rejectReason: string | null;
  /** What the relay's door checks found; null when none ran (and on replays). */
  findings: DoorFindings | null;
  replayOf: string | null;
  replayDepth: number;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
}

export type NewStoredEvent = Omit<StoredEvent, 'rowid' | 'contentType' | 'lastStatus' | 'lastError' | 'lastDurationMs'>;

export interface EventRow {
  rowid: number;
  id: string;
  seq: number | null;
  endpoint_id: string;
  endpoint_name: string;
  method: string;
  path: string;
  query: string;
  headers: string;
  content_type: string | null;
  body: Buffer;
  body_size: number;
  source_ip: string;
  received_at: number;
  outcome: 'accepted' | 'rejected';
  reject_reason: string | null;
  findings: string | null;
  flagged: number;
  repeats: number;
  last_repeat_at: number | null;
  pinned: number;
  replay_of: string | null;
  replay_depth: number;
  last_status: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
}

export type SummaryRow = Omit<EventRow, 'headers' | 'body' | 'source_ip' | 'reject_reason' | 'findings'>;

export const SUMMARY_COLUMNS =
  'rowid, id, seq, endpoint_id, endpoint_name, method, path, query, content_type, body_size, received_at, outcome, flagged, repeats, last_repeat_at, pinned, replay_of, replay_depth, last_status, last_error, last_duration_ms';

export function toSummary(r: SummaryRow): EventSummary {
  return {
    id: r.id,
    seq: r.seq,
    endpointId: r.endpoint_id,
    endpointName: r.endpoint_name,
    method: r.method,
    path: r.path,
    query: r.query,
    contentType: r.content_type,
    bodySize: r.body_size,
    receivedAt: new Date(r.received_at).toISOString(),
    outcome: r.outcome,
    flagged: r.flagged === 1,
    repeats: r.repeats,
    lastRepeatAt: r.last_repeat_at === null ? null : new Date(r.last_repeat_at).toISOString(),
    pinned: r.pinned === 1,
    replayOf: r.replay_of,
    replayDepth: r.replay_depth,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastDurationMs: r.last_duration_ms,
  };
}

export function toStoredEvent(r: EventRow): StoredEvent {
  return {
    rowid: r.rowid,
    id: r.id,
    seq: r.seq,
    endpointId: r.endpoint_id,
    endpointName: r.endpoint_name,
    method: r.method,
    path: r.path,
    query: r.query,
    headers: JSON.parse(r.headers) as [string, string][],
    contentType: r.content_type,
    body: r.body,
    sourceIp: r.source_ip,
    receivedAt: r.received_at,
    outcome: r.outcome,
    rejectReason: r.reject_reason,
    findings: r.findings === null ? null : (JSON.parse(r.findings) as DoorFindings),
    replayOf: r.replay_of,
    replayDepth: r.replay_depth,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastDurationMs: r.last_duration_ms,
  };
}

export function headerValue(headers: [string, string][], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1] ?? null;
}
