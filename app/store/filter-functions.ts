// SQL functions the filter compiler (filter-sql.ts) uses where SQLite has no equal: RE2 regex,
// a header's combined value, a decoded query parameter. Each calls the very function the
// in-memory evaluator uses, so both back ends read a field the same way.
import type Database from 'better-sqlite3';
import { headerValue, queryParam } from '../../protocol/filter/event-fields.js';
import { compileFilterRegExp } from '../../protocol/filter/filter-regexp.js';

// A row's headers are parsed once however many header conditions read them.
let lastHeadersJson = '';
let lastHeaders: [string, string][] = [];

function parsedHeaders(json: string): [string, string][] {
  if (json !== lastHeadersJson) {
    lastHeaders = JSON.parse(json) as [string, string][];
    lastHeadersJson = json;
  }
  return lastHeaders;
}

/** Registers porthole_regexp, porthole_header and porthole_query_param on this connection. */
export function registerFilterFunctions(db: Database.Database): void {
  db.function('porthole_regexp', { deterministic: true }, (value: unknown, pattern: unknown, flags: unknown) => {
    if (typeof value !== 'string') return null;
    return compileFilterRegExp(String(pattern), typeof flags === 'string' ? flags : '').test(value) ? 1 : 0;
  });
  db.function('porthole_header', { deterministic: true }, (headers: unknown, name: unknown) =>
    typeof headers === 'string' ? headerValue(parsedHeaders(headers), String(name)) : null,
  );
  db.function('porthole_query_param', { deterministic: true }, (query: unknown, name: unknown) =>
    typeof query === 'string' ? queryParam(query, String(name)) : null,
  );
}
