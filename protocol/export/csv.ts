// CSV for spreadsheets (RFC 4180: CRLF rows, fields with a comma, quote, CR or LF quoted, quotes
// doubled). An overview, not a copy: the body column holds UTF-8 text up to BODY_CELL_LIMIT
// characters (Excel's cell limit is 32,767) and nothing for binary bodies; `bodyComplete` says
// whether the cell has the whole body. HAR, JSON or NDJSON keep the exact bytes.
// A cell starting with = + - @ (or tab, CR) would run as a formula in a spreadsheet; such cells
// get a leading ' (OWASP's advice for CSV injection).
import type { EventDetail } from '../desktop-api.js';
import { bytesAsText } from './body-text.js';
import { eventBody } from './event-request.js';

export const CSV_COLUMNS = [
  'id',
  'receivedAt',
  'endpoint',
  'method',
  'path',
  'query',
  'status',
  'error',
  'size',
  'contentType',
  'body',
  'bodyComplete',
] as const;

export const BODY_CELL_LIMIT = 32_000;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export function toCsvRow(event: EventDetail): string {
  const text = bytesAsText(eventBody(event));
  const body = text === null ? '' : text.slice(0, BODY_CELL_LIMIT);
  const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
    id: event.id,
    receivedAt: event.receivedAt,
    endpoint: event.endpointName,
    method: event.method,
    path: event.path,
    query: event.query,
    status: event.lastStatus === null ? '' : String(event.lastStatus),
    error: event.lastError ?? '',
    size: String(event.bodySize),
    contentType: event.contentType ?? '',
    body,
    bodyComplete: text !== null && body.length === text.length ? 'yes' : 'no',
  };
  return `${CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',')}\r\n`;
}

export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

export function toCsv(events: readonly EventDetail[]): string {
  return CSV_HEADER + events.map(toCsvRow).join('');
}
