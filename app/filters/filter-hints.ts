// What the filter box offers to complete: header names, query parameters, JSON body paths and
// endpoint names seen in the most recent events, the most frequent first.
import type Database from 'better-sqlite3';
import type { FilterHints } from '../../protocol/desktop-api.js';
import { BARE_KEY } from '../../protocol/filter/filter-syntax.js';

/** Bodies larger than this are not parsed for paths. */
const MAX_BODY_BYTES = 256 * 1024;
const MAX_DEPTH = 6;
/** Keys of one object looked at; a map of ids is not a schema. */
const MAX_KEYS = 50;

interface HintRow {
  headers: string;
  query: string;
  body: Buffer;
  endpoint_name: string;
}

export function collectFilterHints(db: Database.Database, limit: number): FilterHints {
  const rows = db
    .prepare<[number], HintRow>('SELECT headers, query, body, endpoint_name FROM events ORDER BY rowid DESC LIMIT ?')
    .all(limit);
  const headers = new Counter();
  const params = new Counter();
  const paths = new Counter();
  const endpoints = new Counter();
  for (const row of rows) {
    endpoints.add(row.endpoint_name);
    for (const [name] of JSON.parse(row.headers) as [string, string][]) headers.add(name.toLowerCase());
    for (const [name] of new URLSearchParams(row.query)) params.add(name);
    const json = parseJsonBody(row.body);
    if (json !== undefined) walk(json, 'body', 0, paths);
  }
  return {
    headers: headers.top(300),
    queryParams: params.top(300),
    bodyPaths: paths.top(500),
    endpoints: endpoints.top(300),
  };
}

function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0 || body.length > MAX_BODY_BYTES) return undefined;
  const first = body.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first !== 0x7b && first !== 0x5b) return undefined; // { or [
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Every path to a value, written as the filter language writes it; arrays through [0]. */
function walk(value: unknown, path: string, depth: number, out: Counter) {
  if (depth > 0) out.add(path);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (value.length > 0) walk(value[0], `${path}[0]`, depth + 1, out);
    return;
  }
  for (const key of Object.keys(value).slice(0, MAX_KEYS)) {
    const segment = BARE_KEY.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    walk((value as Record<string, unknown>)[key], `${path}${segment}`, depth + 1, out);
  }
}

class Counter {
  private readonly counts = new Map<string, number>();
  add(key: string) {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  top(n: number): string[] {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, n)
      .map(([k]) => k);
  }
}
