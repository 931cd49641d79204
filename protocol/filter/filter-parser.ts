// The text syntax, read by recursive descent straight off the string (what a value is depends on
// the field before it, so there is no separate tokenizer). Grammar:
//   filter  := or?
//   or      := and ('or' and)*
//   and     := unary (('and')? unary)*          juxtaposition is and
//   unary   := 'not' unary | '(' or? ')' | condition | "quoted text" | word
//   condition := field op value | field ('in' | 'not in') '(' value (',' value)* ')'
//              | field ('exists' | 'not exists')
import { parseSize } from '../units.js';
import {
  type BodyPathSegment,
  FILTER_FIELDS,
  type FilterCondition,
  type FilterExpr,
  type FilterField,
  type FilterOperator,
  type FilterScalar,
  MAX_BODY_PATH_SEGMENTS,
  MAX_FILTER_STRING,
  MAX_LIST_VALUES,
} from './filter-ast.js';
import { conditionProblem, MAX_FILTER_DEPTH } from './filter-check.js';
import { FilterError } from './filter-error.js';
import { FIELD_KINDS, FIELD_OPERATORS, fieldHasName, STATUS_CLASS } from './filter-fields.js';
import { normalizeFilter, unescapeSlashes } from './filter-normalize.js';
import { isOperatorAt, JSON_NUMBER, KEYWORDS } from './filter-syntax.js';

/** A key SQLite's JSON paths can name: no quotes, backslashes or control characters. */
function isBodyKey(key: string): boolean {
  return key !== '' && [...key].every((ch) => ch !== '"' && ch !== '\\' && ch.charCodeAt(0) >= 0x20);
}

type FieldRef = Pick<FilterCondition, 'field' | 'name' | 'path'>;

const WHITESPACE = /\s/;
const BOUNDARY = /[\s()"]/;

/** Parses the text syntax into the normalised JSON form; throws FilterError naming the position. */
export function parseFilter(text: string): FilterExpr {
  return new FilterParser(text).parse();
}

class FilterParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  parse(): FilterExpr {
    this.skipSpace();
    if (this.atEnd()) return { type: 'and', all: [] };
    const expr = this.parseOr();
    this.skipSpace();
    if (!this.atEnd()) {
      if (this.peek() === ')') throw this.error("unexpected ')' with no '(' to close");
      throw this.error('expected and, or, or the end of the filter');
    }
    return normalizeFilter(expr);
  }

  private parseOr(): FilterExpr {
    const any = [this.parseAnd()];
    for (;;) {
      this.skipSpace();
      if (!this.keyword('or')) break;
      this.pos += 2;
      any.push(this.parseAnd());
    }
    return any.length === 1 ? any[0]! : { type: 'or', any };
  }

  private parseAnd(): FilterExpr {
    const all = [this.parseUnary()];
    for (;;) {
      this.skipSpace();
      if (this.atEnd() || this.peek() === ')' || this.keyword('or')) break;
      if (this.keyword('and')) this.pos += 3;
      all.push(this.parseUnary());
    }
    return all.length === 1 ? all[0]! : { type: 'and', all };
  }

  private parseUnary(): FilterExpr {
    this.skipSpace();
    if (this.keyword('not')) {
      this.pos += 3;
      return { type: 'not', expr: this.nested(() => this.parseUnary()) };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterExpr {
    this.skipSpace();
    const ch = this.peek();
    if (ch === undefined || ch === ')' || this.keyword('or') || this.keyword('and')) {
      throw this.error('expected a condition or search text');
    }
    if (ch === '(') {
      const open = this.pos++;
      this.skipSpace();
      if (this.peek() === ')') {
        this.pos++;
        return { type: 'and', all: [] };
      }
      const inner = this.nested(() => this.parseOr());
      this.skipSpace();
      if (this.peek() !== ')') throw this.error(`expected ')' to close '(' (opened at ${open})`);
      this.pos++;
      // Parentheses group: an and inside an and stays one term until normalisation flattens it.
      return inner;
    }
    if (ch === '"') {
      const start = this.pos;
      const text = this.readQuoted();
      if (text === '') throw new FilterError('expected search text inside the quotes', start);
      return { type: 'text', text };
    }
    return this.parseTerm();
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_FILTER_DEPTH) throw this.error(`the filter nests deeper than ${MAX_FILTER_DEPTH} levels`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** A condition when an operator follows the first word, else that word is search text. */
  private parseTerm(): FilterExpr {
    const start = this.pos;
    const end = this.fieldWordEnd(start);
    this.pos = end;
    this.skipSpace();
    const symbol = isOperatorAt(this.src, this.pos);
    const opAt = this.pos;
    if (symbol) {
      if (end === start) throw new FilterError(`expected a field before '${symbol[0]}'`, start);
      const ref = this.readFieldRef(start, end, true)!;
      this.pos = opAt + symbol[0].length;
      return this.parseCondition(ref, symbol[1], symbol[0], opAt);
    }
    const keywordOp = this.keywordOperator();
    if (keywordOp && end > start) {
      const ref = this.readFieldRef(start, end, false);
      if (ref) {
        this.pos = opAt + keywordOp.length;
        return this.parseCondition(ref, keywordOp.op, keywordOp.text, opAt);
      }
    }
    this.pos = start;
    while (!this.atEnd() && !BOUNDARY.test(this.peek()!)) this.pos++;
    const text = this.src.slice(start, this.pos);
    if (text.length > MAX_FILTER_STRING)
      throw new FilterError(`search text is longer than ${MAX_FILTER_STRING}`, start);
    return { type: 'text', text };
  }

  /** Where a field reference that starts here would end: at space, a parenthesis or an operator. */
  private fieldWordEnd(start: number): number {
    let i = start;
    while (i < this.src.length) {
      const ch = this.src[i]!;
      if (BOUNDARY.test(ch)) break;
      if (ch === '[' && this.src[i + 1] === '"') {
        i = this.quotedEnd(i + 1);
        continue;
      }
      // `$.data` starts a body path; `$=` later in a word is an operator.
      if (isOperatorAt(this.src, i) && !(i === start && ch === '$' && this.src[i + 1] !== '=')) break;
      i++;
    }
    return i;
  }

  private keywordOperator(): { op: FilterOperator; text: string; length: number } | null {
    const rest = this.src.slice(this.pos);
    const match = /^(not\s+)?(in|exists)(?=[\s()"]|$)/i.exec(rest);
    if (!match) return null;
    const negated = match[1] !== undefined;
    const op = (
      match[2]!.toLowerCase() === 'in' ? (negated ? 'not_in' : 'in') : negated ? 'not_exists' : 'exists'
    ) as FilterOperator;
    return { op, text: match[0].replace(/\s+/, ' ').toLowerCase(), length: match[0].length };
  }

  /**
   * Reads `method`, `header.x-name`, `query["a b"]`, `body.data.items[0]` or `$.data.status`
   * from src[start, end). An unknown field is an error when `strict`, else null (search text).
   */
  private readFieldRef(start: number, end: number, strict: boolean): FieldRef | null {
    const src = this.src.slice(0, end);
    let i = start;
    let field: FilterField;
    if (src[i] === '$') {
      field = 'body';
      i++;
    } else {
      const head = /^[A-Za-z]+/.exec(src.slice(i))?.[0] ?? '';
      const lower = head.toLowerCase();
      if (!(FILTER_FIELDS as readonly string[]).includes(lower)) {
        if (!strict) return null;
        throw new FilterError(
          `unknown field "${src.slice(start)}" (fields: ${FILTER_FIELDS.join(', ')}); put text in "quotes" to search for it`,
          start,
        );
      }
      field = lower as FilterField;
      i += head.length;
    }
    if (fieldHasName(field)) {
      if (src[i] === '.' && i + 1 < end) return { field, name: this.checkName(src.slice(i + 1), i + 1) };
      if (src.startsWith('["', i)) {
        this.pos = i + 1;
        const name = this.readQuoted();
        if (this.src[this.pos] !== ']' || this.pos + 1 !== end) throw this.error("expected ']' after the name");
        return { field, name: this.checkName(name, i + 1) };
      }
      throw new FilterError(`expected a name after ${field}, like ${field}.x-name or ${field}["x name"]`, i);
    }
    if (field !== 'body') {
      if (i !== end) throw new FilterError(`${field} takes no name or path`, i);
      return { field };
    }
    const path: BodyPathSegment[] = [];
    while (i < end) {
      if (src[i] === '.') {
        const key = /^[A-Za-z0-9_-]+/.exec(src.slice(i + 1))?.[0];
        if (!key) throw new FilterError('expected a key after "."', i + 1);
        path.push(key);
        i += 1 + key.length;
      } else if (src.startsWith('["', i)) {
        this.pos = i + 1;
        const key = this.readQuoted();
        if (!isBodyKey(key)) {
          throw new FilterError('a body key cannot be empty or hold quotes, backslashes or control characters', i + 1);
        }
        if (this.src[this.pos] !== ']') throw this.error("expected ']' after the key");
        path.push(key);
        i = this.pos + 1;
      } else if (src[i] === '[') {
        const index = /^\[(\d{1,7})\]/.exec(src.slice(i));
        if (!index) throw new FilterError('expected an index like [0] or a key like ["a b"]', i);
        path.push(Number(index[1]));
        i += index[0].length;
      } else {
        throw new FilterError('expected "." or "[" in the body path', i);
      }
    }
    if (path.length === 0) throw new FilterError('expected a body path, like body.data.type or $.data.type', end);
    if (path.length > MAX_BODY_PATH_SEGMENTS) throw new FilterError('the body path is too long', start);
    return { field, path };
  }

  private checkName(name: string, at: number): string {
    if (name === '' || name.length > 200) throw new FilterError('expected a name of 1 to 200 characters', at);
    return name;
  }

  private parseCondition(ref: FieldRef, op: FilterOperator, opText: string, opAt: number): FilterCondition {
    const kind = FIELD_KINDS[ref.field];
    if (!FIELD_OPERATORS[kind].includes(op)) {
      throw new FilterError(`'${opText.trim()}' does not apply to ${ref.field}`, opAt);
    }
    const condition: FilterCondition = { type: 'condition', ...ref, op };
    const valueAt = this.skipSpace();
    if (op === 'in' || op === 'not_in') {
      condition.value = this.readList(ref.field, opText.trim());
    } else if (op === 'regex_match') {
      const ch = this.peek();
      if (ch === '/') Object.assign(condition, this.readRegexLiteral());
      else if (ch === '"') condition.value = this.readQuoted();
      else throw this.error(`expected a /pattern/ after '~'`);
    } else if (op !== 'exists' && op !== 'not_exists') {
      condition.value = this.readValue(ref.field, opText, false);
    }
    const problem = conditionProblem(condition);
    if (problem) throw new FilterError(problem, op === 'exists' || op === 'not_exists' ? opAt : valueAt);
    return condition;
  }

  private readList(field: FilterField, opText: string): FilterScalar[] {
    if (this.peek() !== '(') throw this.error(`expected '(' after '${opText}'`);
    this.pos++;
    const values: FilterScalar[] = [];
    for (;;) {
      this.skipSpace();
      values.push(this.readValue(field, values.length ? ',' : '(', true));
      if (values.length > MAX_LIST_VALUES) throw this.error(`a list holds at most ${MAX_LIST_VALUES} values`);
      this.skipSpace();
      const ch = this.peek();
      this.pos++;
      if (ch === ')') return values;
      if (ch !== ',') {
        this.pos--;
        throw this.error("expected ',' or ')' in the list");
      }
    }
  }

  /** A value, typed by its field: `404` is a number for status and body, text for a header. */
  private readValue(field: FilterField, after: string, inList: boolean): FilterScalar {
    const at = this.pos;
    let raw: string;
    let quoted = false;
    if (this.peek() === '"') {
      raw = this.readQuoted();
      quoted = true;
    } else {
      // Outside a list a comma belongs to the value (`header.accept=text/html,application/json`).
      const end = inList ? /[\s()",]/ : /[\s()"]/;
      while (!this.atEnd() && !end.test(this.peek()!)) this.pos++;
      raw = this.src.slice(at, this.pos);
      if (raw === '') throw new FilterError(`expected a value after '${after.trim()}'`, at);
    }
    if (raw.length > MAX_FILTER_STRING) throw new FilterError(`the value is longer than ${MAX_FILTER_STRING}`, at);
    switch (FIELD_KINDS[field]) {
      case 'text':
        return raw;
      case 'json':
        if (quoted) return raw;
        if (JSON_NUMBER.test(raw)) return Number(raw);
        if (raw === 'true' || raw === 'false') return raw === 'true';
        return raw === 'null' ? null : raw;
      case 'status':
        if (/^\d{3}$/.test(raw)) return Number(raw);
        if (STATUS_CLASS.test(raw.toLowerCase())) return raw.toLowerCase();
        throw new FilterError('expected a status like 404 or 5xx', at);
      case 'boolean':
        if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
        throw new FilterError(`expected true or false`, at);
      case 'time':
        return raw;
      case 'size':
        try {
          return parseSize(raw);
        } catch {
          throw new FilterError('expected a size like 512, 10kb or 2MiB', at);
        }
    }
  }

  /** `/pattern/flags`: `\/` stands for `/`, every other escape is the pattern's own. */
  private readRegexLiteral(): { value: string; flags?: string } {
    const open = this.pos++;
    let i = this.pos;
    while (i < this.src.length && this.src[i] !== '/') i += this.src[i] === '\\' ? 2 : 1;
    if (i >= this.src.length)
      throw new FilterError(`expected a closing '/' (pattern opened at ${open})`, this.src.length);
    const pattern = unescapeSlashes(this.src.slice(this.pos, i));
    this.pos = i + 1;
    const seen = new Set<string>();
    while (!this.atEnd() && /[A-Za-z]/.test(this.peek()!)) {
      const flag = this.peek()!;
      if (!'ims'.includes(flag) || seen.has(flag)) throw this.error(`expected the flags i, m or s, each once`);
      seen.add(flag);
      this.pos++;
    }
    const flags = ['i', 'm', 's'].filter((f) => seen.has(f)).join('');
    return flags ? { value: pattern, flags } : { value: pattern };
  }

  /** A "quoted string" at pos with JSON-style escapes; leaves pos after the closing quote. */
  private readQuoted(): string {
    const open = this.pos++;
    let out = '';
    for (;;) {
      if (this.atEnd()) throw new FilterError(`expected a closing '"' (quote opened at ${open})`, this.src.length);
      const ch = this.src[this.pos++]!;
      if (ch === '"') return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = this.src[this.pos++];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (esc !== undefined && esc in simple) out += simple[esc];
      else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(this.src.slice(this.pos, this.pos + 4))) {
        out += String.fromCharCode(Number.parseInt(this.src.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else throw new FilterError('expected an escape: \\" \\\\ \\n \\r \\t or \\uXXXX', this.pos - 2);
    }
  }

  /** Where the quoted string starting at `at` ends (after its closing quote and a `]`). */
  private quotedEnd(at: number): number {
    let i = at + 1;
    while (i < this.src.length && this.src[i] !== '"') i += this.src[i] === '\\' ? 2 : 1;
    return this.src[i + 1] === ']' ? i + 2 : i + 1;
  }

  private keyword(word: string): boolean {
    const end = this.pos + word.length;
    return (
      this.src.slice(this.pos, end).toLowerCase() === word &&
      (end >= this.src.length || BOUNDARY.test(this.src[end]!)) &&
      KEYWORDS.has(word)
    );
  }

  private skipSpace(): number {
    while (!this.atEnd() && WHITESPACE.test(this.peek()!)) this.pos++;
    return this.pos;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  private error(reason: string): FilterError {
    return new FilterError(reason, this.pos);
  }
}
