// Whether a new or updated event could belong to the list's query, judged locally so a
// burst of events for other endpoints or methods costs no query. What a summary cannot show
// (headers, the body, search words, the door's verdicts) is judged by the engine: maybe.
import type { EventQuery, EventSummary } from '../../../protocol/desktop-api.js';
import type { FilterExpr } from '../../../protocol/filter/filter-ast.js';
import { compileFilter } from '../../../protocol/filter/filter-evaluator.js';
import { parseFilter } from '../../../protocol/filter/filter-parser.js';

export function mightMatch(query: EventQuery, event: EventSummary, now = Date.now()): boolean {
  if (query.endpointId && event.endpointId !== query.endpointId) return false;
  if (query.method && event.method.toUpperCase() !== query.method.toUpperCase()) return false;
  if (query.pathPrefix && !event.path.startsWith(query.pathPrefix)) return false;
  if (query.status && !statusMatches(query.status, event)) return false;
  if (query.filter) return filterMightMatch(query.filter, event, now);
  return true;
}

function statusMatches(status: string, event: EventSummary): boolean {
  if (status === 'none') return event.lastStatus === null && event.lastError === null;
  if (status === 'error') return event.lastError !== null;
  if (event.lastStatus === null) return false;
  if (status.endsWith('xx')) return Math.floor(event.lastStatus / 100) === Number(status[0]);
  return event.lastStatus === Number(status);
}

const SUMMARY_FIELDS: ReadonlySet<string> = new Set([
  'method',
  'path',
  'query',
  'endpoint',
  'status',
  'size',
  'received',
  'replayed',
]);

/** Whether every condition reads only what a summary carries. */
function decidable(expr: FilterExpr): boolean {
  switch (expr.type) {
    case 'and':
      return expr.all.every(decidable);
    case 'or':
      return expr.any.every(decidable);
    case 'not':
      return decidable(expr.expr);
    case 'text':
      return false;
    default:
      return SUMMARY_FIELDS.has(expr.field);
  }
}

let lastParsed: { text: string; expr: FilterExpr | null; decidable: boolean } | null = null;

function filterMightMatch(text: string, event: EventSummary, now: number): boolean {
  if (lastParsed?.text !== text) {
    let expr: FilterExpr | null = null;
    try {
      expr = parseFilter(text);
    } catch {
      // The engine refused it too; let it say so.
    }
    lastParsed = { text, expr, decidable: expr !== null && decidable(expr) };
  }
  if (!lastParsed.expr || !lastParsed.decidable) return true;
  return compileFilter(lastParsed.expr, { now })({
    method: event.method,
    path: event.path,
    query: event.query,
    headers: [],
    body: new Uint8Array(),
    status: event.lastStatus,
    verified: null,
    valid: null,
    endpoint: event.endpointName,
    receivedAt: Date.parse(event.receivedAt),
    size: event.bodySize,
    replayed: event.replayOf !== null,
  });
}
