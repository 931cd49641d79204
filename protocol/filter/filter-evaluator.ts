// The filter evaluated over one event in memory: the forwarder's per-target routing, the relay's
// door, "test against a sample", and the reference the SQL compiler is tested against.
// Missing values match nothing, so every not_* operator (and `not`) matches them.

import { headerValue, type JsonValue, MISSING, parseJsonBody, queryParam, valueAtPath } from './event-fields.js';
import type { FilterCondition, FilterExpr, FilterScalar } from './filter-ast.js';
import { FIELD_KINDS, NEGATED, resolveTime } from './filter-fields.js';
import { compileFilterRegExp } from './filter-regexp.js';
import type { FilterableEvent } from './filterable-event.js';
import { fullTextWords, indexableBody, indexableHeaders, searchWords } from './full-text-words.js';

export type FilterMatcher = (event: FilterableEvent) => boolean;

export interface FilterOptions {
  /** What relative times (`received>-15m`) count back from; Date.now() by default. */
  now?: number;
}

/** Compiles once (patterns, times), then matches any number of events. Expects a checked filter. */
export function compileFilter(expr: FilterExpr, options: FilterOptions = {}): FilterMatcher {
  return compile(expr, options.now ?? Date.now());
}

export function matchesFilter(expr: FilterExpr, event: FilterableEvent, options: FilterOptions = {}): boolean {
  return compileFilter(expr, options)(event);
}

function compile(expr: FilterExpr, now: number): FilterMatcher {
  switch (expr.type) {
    case 'and': {
      const all = expr.all.map((e) => compile(e, now));
      return (event) => all.every((m) => m(event));
    }
    case 'or': {
      const any = expr.any.map((e) => compile(e, now));
      return (event) => any.some((m) => m(event));
    }
    case 'not': {
      const inner = compile(expr.expr, now);
      return (event) => !inner(event);
    }
    case 'text': {
      const wanted = searchWords(expr.text);
      return (event) => {
        const words = derived(event).words();
        return wanted.every((w) => words.some((word) => word.startsWith(w)));
      };
    }
    case 'condition':
      return compileCondition(expr, now);
  }
}

type FieldValue = JsonValue | typeof MISSING;

function compileCondition(c: FilterCondition, now: number): FilterMatcher {
  const positive = NEGATED[c.op];
  if (positive) {
    const inner = compileCondition({ ...c, op: positive }, now);
    return (event) => !inner(event);
  }
  const read = reader(c);
  const test = valueTest(c, now);
  return (event) => {
    const value = read(event);
    return value !== MISSING && test(value);
  };
}

function reader(c: FilterCondition): (event: FilterableEvent) => FieldValue {
  const orMissing = <T>(v: T | null) => (v === null ? MISSING : v);
  switch (c.field) {
    case 'method':
      return (e) => e.method;
    case 'path':
      return (e) => e.path;
    case 'endpoint':
      return (e) => e.endpoint;
    case 'header':
      return (e) => orMissing(headerValue(e.headers, c.name!));
    case 'query':
      return (e) => orMissing(queryParam(e.query, c.name!));
    case 'body':
      return (e) => valueAtPath(derived(e).json(), c.path!);
    case 'status':
      return (e) => orMissing(e.status);
    case 'verified':
      return (e) => orMissing(e.verified);
    case 'valid':
      return (e) => orMissing(e.valid);
    case 'replayed':
      return (e) => e.replayed;
    case 'received':
      return (e) => e.receivedAt;
    case 'size':
      return (e) => e.size;
  }
}

function valueTest(c: FilterCondition, now: number): (value: JsonValue) => boolean {
  const kind = FIELD_KINDS[c.field];
  const expected = c.value as FilterScalar;
  const equals = (wanted: FilterScalar) => (kind === 'status' ? statusEquals(wanted) : (v: JsonValue) => v === wanted);
  const bound = kind === 'time' ? resolveTime(expected as string, now)! : (expected as number);
  switch (c.op) {
    case 'exists':
      return () => true;
    case 'equals':
      return equals(expected);
    case 'in': {
      const tests = (c.value as FilterScalar[]).map(equals);
      return (v) => tests.some((t) => t(v));
    }
    case 'contains':
      return (v) => typeof v === 'string' && v.includes(expected as string);
    case 'starts_with':
      return (v) => typeof v === 'string' && v.startsWith(expected as string);
    case 'ends_with':
      return (v) => typeof v === 'string' && v.endsWith(expected as string);
    case 'regex_match': {
      const re = compileFilterRegExp(expected as string, c.flags);
      return (v) => typeof v === 'string' && re.test(v);
    }
    case 'greater_than':
      return (v) => typeof v === 'number' && v > bound;
    case 'less_than':
      return (v) => typeof v === 'number' && v < bound;
    case 'greater_or_equal':
      return (v) => typeof v === 'number' && v >= bound;
    case 'less_or_equal':
      return (v) => typeof v === 'number' && v <= bound;
    default:
      throw new Error(`${c.op} is evaluated as the negation of another operator`);
  }
}

/** `404` is that code; `5xx` any code from 500 to 599. */
function statusEquals(wanted: FilterScalar): (v: JsonValue) => boolean {
  if (typeof wanted === 'string') {
    const hundreds = Number(wanted[0]);
    return (v) => typeof v === 'number' && Math.trunc(v / 100) === hundreds;
  }
  return (v) => v === wanted;
}

interface Derived {
  json(): FieldValue;
  words(): string[];
}

// What is costly to derive from an event (its parsed body, its words) is derived once per event
// object, however many conditions and filters read it.
const cache = new WeakMap<FilterableEvent, Derived>();

function derived(event: FilterableEvent): Derived {
  let d = cache.get(event);
  if (!d) {
    let json: { value: FieldValue } | undefined;
    let words: string[] | undefined;
    d = {
      json: () => {
        json ??= { value: parseJsonBody(event.body) };
        return json.value;
      },
      words: () => {
        words ??= [
          ...fullTextWords(event.path),
          ...fullTextWords(indexableHeaders(event.headers)),
          ...fullTextWords(indexableBody(event.body)),
        ];
        return words;
      },
    };
    cache.set(event, d);
  }
  return d;
}
