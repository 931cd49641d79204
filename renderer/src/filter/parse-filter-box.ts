// The filter box's text read as the filter language (protocol/filter, docs/filters.md). The
// engine gets the normalised text back (so two spellings of one filter are one query); an
// error names the position, so the box can point at it.
import type { EventQuery } from '../../../protocol/desktop-api.js';
import { type FilterExpr, MATCH_ALL } from '../../../protocol/filter/filter-ast.js';
import { FilterError } from '../../../protocol/filter/filter-error.js';
import { parseFilter } from '../../../protocol/filter/filter-parser.js';
import { printFilter } from '../../../protocol/filter/filter-printer.js';

export type FilterQuery = Omit<EventQuery, 'endpointId'>;

export type ParsedFilter =
  | { ok: true; query: FilterQuery; expr: FilterExpr }
  | { ok: false; error: string; position: number };

/** EventQuery.filter's limit. */
const MAX_FILTER = 4000;

const matchesAll = (expr: FilterExpr) => expr.type === 'and' && expr.all.length === 0;

export function parseFilterBox(input: string): ParsedFilter {
  if (input.trim() === '') return { ok: true, query: {}, expr: MATCH_ALL };
  if (input.length > MAX_FILTER) {
    return { ok: false, error: `the filter is longer than ${MAX_FILTER} characters`, position: MAX_FILTER };
  }
  try {
    const expr = parseFilter(input);
    return { ok: true, query: matchesAll(expr) ? {} : { filter: printFilter(expr) }, expr };
  } catch (err) {
    if (err instanceof FilterError) return { ok: false, error: err.message, position: err.position };
    throw err;
  }
}

/** Stable key for a query, to tell whether a new parse changes what the list shows. */
export function filterKey(query: FilterQuery): string {
  return query.filter ?? '';
}
