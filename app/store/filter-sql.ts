// Compiles a filter to a WHERE fragment over the events table, with its bound parameters, for
// lists and counts. It means exactly what the evaluator (protocol/filter/filter-evaluator.ts)
// means: the property tests run both over the same events. Indexed columns are compared bare so
// their indexes serve (method, last_status and its class, rowid through FTS5); body paths use
// SQLite's JSON functions; regex, headers and query parameters use filter-functions.ts, which must
// be registered on the connection.
//
// A missing value makes a comparison NULL; SQL's NOT would keep it NULL, so every negation is
// `NOT coalesce(x, 0)`: missing matches every not_*, as in the evaluator.
import type { BodyPathSegment, FilterCondition, FilterExpr, FilterScalar } from '../../protocol/filter/filter-ast.js';
import { NEGATED, resolveTime } from '../../protocol/filter/filter-fields.js';
import { toFts5Query } from '../../protocol/filter/full-text-words.js';
import { headerPrefilter } from './filter-sql-prefilter.js';

export interface FilterSql {
  /** A boolean expression over the columns of `events` (unqualified). */
  where: string;
  params: unknown[];
}

export interface FilterSqlOptions {
  /** What relative times count back from; Date.now() by default. */
  now?: number;
}

/** Expects a checked filter (parseFilter or parseFilterJson made it). */
export function compileFilterSql(expr: FilterExpr, options: FilterSqlOptions = {}): FilterSql {
  const params: unknown[] = [];
  const where = new FilterSqlCompiler(params, options.now ?? Date.now()).compile(expr);
  return { where, params };
}

/** The body as text for SQLite's JSON functions (a BLOB would be read as JSONB). */
const BODY = 'CAST(body AS TEXT)';
const NUMBER_TYPES = "('integer', 'real')";

class FilterSqlCompiler {
  constructor(
    private readonly params: unknown[],
    private readonly now: number,
  ) {}

  compile(expr: FilterExpr): string {
    switch (expr.type) {
      case 'and':
        return expr.all.length ? `(${expr.all.map((e) => this.compile(e)).join(' AND ')})` : '1';
      case 'or':
        return `(${expr.any.map((e) => this.compile(e)).join(' OR ')})`;
      case 'not':
        return `NOT coalesce(${this.compile(expr.expr)}, 0)`;
      case 'text': {
        const fts = toFts5Query(expr.text);
        if (fts === null) return '1';
        return `rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ${this.bind(fts)})`;
      }
      case 'condition':
        return this.condition(expr);
    }
  }

  private bind(value: unknown): string {
    this.params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    return '?';
  }

  private condition(c: FilterCondition): string {
    const positive = NEGATED[c.op];
    if (positive) return `NOT coalesce(${this.condition({ ...c, op: positive })}, 0)`;
    switch (c.field) {
      case 'method':
        return this.text(c, 'method');
      case 'path':
        return this.text(c, 'path');
      case 'endpoint':
        return this.text(c, 'endpoint_name');
      case 'header': {
        // Bound first: its parameters come first in the SQL. CASE is lazy, AND need not be.
        const pre = headerPrefilter(c, (v) => this.bind(v));
        const test = this.text(c, `porthole_header(headers, ${this.bind(c.name)})`);
        return pre ? `CASE WHEN ${pre} THEN ${test} ELSE 0 END` : test;
      }
      case 'query':
        return this.text(c, `porthole_query_param(query, ${this.bind(c.name)})`);
      case 'body':
        return this.body(c);
      case 'status':
        return this.status(c);
      case 'verified':
        return this.flag(c, "json_extract(findings, '$.signature.ok')");
      case 'valid':
        return this.flag(c, "json_extract(findings, '$.schema.ok')");
      case 'replayed':
        if (c.op === 'exists') return '1';
        return c.value ? 'replay_of IS NOT NULL' : 'replay_of IS NULL';
      case 'received':
        return this.number(c, 'received_at', resolveTime(c.value as string, this.now));
      case 'size':
        return this.number(c, 'body_size', c.value as number);
    }
  }

  /** A string column or expression (its parameters already bound, so it is used once). */
  private text(c: FilterCondition, column: string): string {
    const value = c.value as string;
    switch (c.op) {
      case 'exists':
        return `${column} IS NOT NULL`;
      case 'equals':
        return `${column} = ${this.bind(value)}`;
      case 'in':
        return `${column} IN (${(c.value as string[]).map((v) => this.bind(v)).join(', ')})`;
      case 'contains':
        return `instr(${column}, ${this.bind(value)}) > 0`;
      case 'starts_with':
        return `substr(${column}, 1, length(${this.bind(value)})) = ${this.bind(value)}`;
      case 'ends_with':
        // substr(x, -0) is all of x, so an empty suffix is asked as presence.
        return value === ''
          ? `${column} IS NOT NULL`
          : `substr(${column}, -length(${this.bind(value)})) = ${this.bind(value)}`;
      case 'regex_match':
        return `porthole_regexp(${column}, ${this.bind(value)}, ${this.bind(c.flags ?? '')})`;
      default:
        throw new Error(`${c.op} does not apply to ${c.field}`);
    }
  }

  /** A value in the JSON body: typed as in JSON, so `body.id=5` is the number and `body.id="5"` the text. */
  private body(c: FilterCondition): string {
    // No byte prefilter here (unlike headers): searching a ~1 KB BLOB with instr costs more than
    // SQLite's JSON parse of it; tried over a million events, counts got 35% slower.
    const path = jsonPath(c.path!);
    const type = () => `json_type(${BODY}, ${this.bind(path)})`;
    const value = () => `json_extract(${BODY}, ${this.bind(path)})`;
    const equals = (wanted: FilterScalar) => {
      if (typeof wanted === 'string') return `(${type()} = 'text' AND ${value()} = ${this.bind(wanted)})`;
      if (typeof wanted === 'number') return `(${type()} IN ${NUMBER_TYPES} AND ${value()} = ${this.bind(wanted)})`;
      return `${type()} = '${wanted === null ? 'null' : String(wanted)}'`;
    };
    const onText = (test: (column: string) => string) => `(${type()} = 'text' AND ${test(value())})`;
    const onNumber = (cmp: string) => `(${type()} IN ${NUMBER_TYPES} AND ${value()} ${cmp} ${this.bind(c.value)})`;
    let test: string;
    switch (c.op) {
      case 'exists':
        test = `${type()} IS NOT NULL`;
        break;
      case 'equals':
        test = equals(c.value as FilterScalar);
        break;
      case 'in':
        test = `(${(c.value as FilterScalar[]).map(equals).join(' OR ')})`;
        break;
      case 'contains':
      case 'starts_with':
      case 'ends_with':
      case 'regex_match':
        test = onText((column) => this.text({ ...c, field: 'path' }, column));
        break;
      default:
        test = onNumber(ORDER_SQL[c.op]!);
    }
    // json_type and json_extract raise on a body that is not JSON; CASE evaluates lazily.
    return `CASE WHEN json_valid(${BODY}) THEN ${test} ELSE 0 END`;
  }

  private status(c: FilterCondition): string {
    const equals = (wanted: FilterScalar) =>
      typeof wanted === 'string'
        ? // The expression of the events_status_class index, so a class is an indexed key.
          `last_status / 100 = ${this.bind(Number(wanted[0]))}`
        : `last_status = ${this.bind(wanted)}`;
    if (c.op === 'equals') return equals(c.value as FilterScalar);
    if (c.op === 'in') return `(${(c.value as FilterScalar[]).map(equals).join(' OR ')})`;
    return this.number(c, 'last_status', c.value as number);
  }

  private flag(c: FilterCondition, column: string): string {
    return c.op === 'exists' ? `${column} IS NOT NULL` : `${column} = ${this.bind(c.value)}`;
  }

  /** A numeric column: size, received time, status. */
  private number(c: FilterCondition, column: string, bound: number | null): string {
    switch (c.op) {
      case 'exists':
        return `${column} IS NOT NULL`;
      case 'equals':
        return `${column} = ${this.bind(bound)}`;
      case 'in':
        return `${column} IN (${(c.value as number[]).map((v) => this.bind(v)).join(', ')})`;
      default:
        return `${column} ${ORDER_SQL[c.op]!} ${this.bind(bound)}`;
    }
  }
}

const ORDER_SQL: Partial<Record<FilterCondition['op'], string>> = {
  greater_than: '>',
  less_than: '<',
  greater_or_equal: '>=',
  less_or_equal: '<=',
};

/** SQLite's JSON path for a body path: `$.data."a b"[0]`. Keys never hold `"` (the schema says so). */
export function jsonPath(path: readonly BodyPathSegment[]): string {
  return `$${path.map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `.${s}` : `."${s}"`)).join('')}`;
}
