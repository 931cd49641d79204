// The text syntax: what each form parses to, every operator on every field kind, errors with
// their positions, and the JSON form's checks.
import { describe, expect, it } from 'vitest';
import type { FilterField, FilterOperator } from '../../../protocol/filter/filter-ast.js';
import { parseFilterJson } from '../../../protocol/filter/filter-check.js';
import { FilterError } from '../../../protocol/filter/filter-error.js';
import { FIELD_KINDS, FIELD_OPERATORS } from '../../../protocol/filter/filter-fields.js';
import { parseFilter } from '../../../protocol/filter/filter-parser.js';
import { printFilter } from '../../../protocol/filter/filter-printer.js';

const cond = (rest: object) => ({ type: 'condition', ...rest });

describe('parseFilter', () => {
  it.each([
    ['status=404', cond({ field: 'status', op: 'equals', value: 404 })],
    ['status!=2xx', cond({ field: 'status', op: 'not_equals', value: '2xx' })],
    ['header.X-GitHub-Event:push', cond({ field: 'header', name: 'x-github-event', op: 'contains', value: 'push' })],
    ['body.type="invoice.paid"', cond({ field: 'body', path: ['type'], op: 'equals', value: 'invoice.paid' })],
    ['$.data.status=active', cond({ field: 'body', path: ['data', 'status'], op: 'equals', value: 'active' })],
    [
      'body.items[0]["a b"].id!=null',
      cond({ field: 'body', path: ['items', 0, 'a b', 'id'], op: 'not_equals', value: null }),
    ],
    ['body.id="5"', cond({ field: 'body', path: ['id'], op: 'equals', value: '5' })],
    ['body.id=5', cond({ field: 'body', path: ['id'], op: 'equals', value: 5 })],
    ['body.live=true', cond({ field: 'body', path: ['live'], op: 'equals', value: true })],
    ['header.x-count=5', cond({ field: 'header', name: 'x-count', op: 'equals', value: '5' })],
    ['path^=/stripe', cond({ field: 'path', op: 'starts_with', value: '/stripe' })],
    ['path$=.json', cond({ field: 'path', op: 'ends_with', value: '.json' })],
    ['body.amount>1000', cond({ field: 'body', path: ['amount'], op: 'greater_than', value: 1000 })],
    ['method in (POST, put)', cond({ field: 'method', op: 'in', value: ['POST', 'PUT'] })],
    ['method not in(GET)', cond({ field: 'method', op: 'not_in', value: ['GET'] })],
    ['header.x-foo exists', cond({ field: 'header', name: 'x-foo', op: 'exists' })],
    ['query["a[]"] not exists', cond({ field: 'query', name: 'a[]', op: 'not_exists' })],
    ['body.name~/^ab+c$/i', cond({ field: 'body', path: ['name'], op: 'regex_match', value: '^ab+c$', flags: 'i' })],
    ['path~/^\\/a\\/b/sm', cond({ field: 'path', op: 'regex_match', value: '^/a/b', flags: 'ms' })],
    ['path~"^x"', cond({ field: 'path', op: 'regex_match', value: '^x' })],
    ['size>=10kb', cond({ field: 'size', op: 'greater_or_equal', value: 10_000 })],
    ['size <= 2MiB', cond({ field: 'size', op: 'less_or_equal', value: 2 * 1024 * 1024 })],
    ['received>-15m', cond({ field: 'received', op: 'greater_than', value: '-15m' })],
    ['received<2024-05-01T10:00:00Z', cond({ field: 'received', op: 'less_than', value: '2024-05-01T10:00:00Z' })],
    ['verified=TRUE', cond({ field: 'verified', op: 'equals', value: true })],
    [
      'header.accept=text/html,application/json',
      cond({ field: 'header', name: 'accept', op: 'equals', value: 'text/html,application/json' }),
    ],
    ['endpoint="my shop"', cond({ field: 'endpoint', op: 'equals', value: 'my shop' })],
    ['path="a\\"b\\\\c\\n\\u00e9"', cond({ field: 'path', op: 'equals', value: 'a"b\\c\né' })],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  it('reads juxtaposition and the and keyword as and, binds and tighter than or, and nests', () => {
    const a = { type: 'text', text: 'a' };
    const b = { type: 'text', text: 'b' };
    const c = { type: 'text', text: 'c' };
    expect(parseFilter('a b')).toEqual({ type: 'and', all: [a, b] });
    expect(parseFilter('a AND b and c')).toEqual({ type: 'and', all: [a, b, c] });
    expect(parseFilter('a b or c')).toEqual({ type: 'or', any: [{ type: 'and', all: [a, b] }, c] });
    expect(parseFilter('a (b OR c)')).toEqual({ type: 'and', all: [a, { type: 'or', any: [b, c] }] });
    expect(parseFilter('NOT a not (b or c)')).toEqual({
      type: 'and',
      all: [
        { type: 'not', expr: a },
        { type: 'not', expr: { type: 'or', any: [b, c] } },
      ],
    });
    expect(parseFilter('((a))')).toEqual(a);
    expect(parseFilter('')).toEqual({ type: 'and', all: [] });
    expect(parseFilter('  ()  ')).toEqual({ type: 'and', all: [] });
  });

  it('reads bare words and quoted strings as full-text search, including keywords in quotes', () => {
    expect(parseFilter('invoice.paid')).toEqual({ type: 'text', text: 'invoice.paid' });
    expect(parseFilter('"status=404 or"')).toEqual({ type: 'text', text: 'status=404 or' });
    expect(parseFilter('status')).toEqual({ type: 'text', text: 'status' });
    expect(parseFilter('"or"')).toEqual({ type: 'text', text: 'or' });
    // A field name then `in` is the in operator; quotes make it text.
    expect(() => parseFilter('path in the wall')).toThrow("expected '(' after 'in' at 8");
    expect(parseFilter('"path in the wall"')).toEqual({ type: 'text', text: 'path in the wall' });
    expect(parseFilter('foo in bar')).toEqual({
      type: 'and',
      all: ['foo', 'in', 'bar'].map((text) => ({ type: 'text', text })),
    });
  });
});

describe('every operator on every field kind', () => {
  const sample: Record<FilterField, string> = {
    method: 'method',
    path: 'path',
    query: 'query.page',
    header: 'header.x-event',
    endpoint: 'endpoint',
    body: 'body.data.amount',
    status: 'status',
    verified: 'verified',
    valid: 'valid',
    replayed: 'replayed',
    received: 'received',
    size: 'size',
  };
  const value = (field: FilterField, op: FilterOperator): string => {
    const kind = FIELD_KINDS[field];
    const one = {
      text: 'POST',
      json: ['greater_than', 'less_than', 'greater_or_equal', 'less_or_equal'].includes(op)
        ? '10'
        : ['contains', 'not_contains', 'starts_with', 'ends_with'].includes(op)
          ? 'paid'
          : '"x"',
      status: op.includes('than') || (op.includes('equal') && op !== 'equals' && op !== 'not_equals') ? '500' : '5xx',
      boolean: 'true',
      time: '-15m',
      size: '1kb',
    }[kind];
    return one;
  };
  const syntax: Record<FilterOperator, (v: string) => string> = {
    equals: (v) => `=${v}`,
    not_equals: (v) => `!=${v}`,
    contains: (v) => `:${v}`,
    not_contains: (v) => `!:${v}`,
    starts_with: (v) => `^=${v}`,
    ends_with: (v) => `$=${v}`,
    regex_match: () => '~/^p/i',
    greater_than: (v) => `>${v}`,
    less_than: (v) => `<${v}`,
    greater_or_equal: (v) => `>=${v}`,
    less_or_equal: (v) => `<=${v}`,
    in: (v) => ` in (${v}, ${v})`,
    not_in: (v) => ` not in (${v})`,
    exists: () => ' exists',
    not_exists: () => ' not exists',
  };
  for (const field of Object.keys(sample) as FilterField[]) {
    for (const op of Object.keys(syntax) as FilterOperator[]) {
      const text = sample[field] + syntax[op](value(field, op));
      if (FIELD_OPERATORS[FIELD_KINDS[field]].includes(op)) {
        it(`${text} parses to ${op} and prints back`, () => {
          const parsed = parseFilter(text);
          expect(parsed).toMatchObject({ type: 'condition', field, op });
          expect(parseFilter(printFilter(parsed))).toEqual(parsed);
        });
      } else {
        it(`${text} is refused at the operator`, () => {
          const opText = syntax[op]('').trim();
          const shown = opText.startsWith('~') ? '~' : opText.replace(/ ?\(.*$/, '');
          const at = sample[field].length + (syntax[op]('').startsWith(' ') ? 1 : 0);
          expect(() => parseFilter(text)).toThrow(new FilterError(`'${shown}' does not apply to ${field}`, at));
        });
      }
    }
  }
});

describe('errors name the position and what was expected', () => {
  it.each([
    ['status=', "expected a value after '='", 7],
    ['method=POST path=', "expected a value after '='", 17],
    ['status=4x', 'expected a status like 404 or 5xx', 7],
    ['verified=yes', 'expected true or false', 9],
    ['size>10zb', 'expected a size like 512, 10kb or 2MiB', 5],
    ['received>yesterday', 'expected a time like 2024-05-01, 2024-05-01T10:00:00Z or -15m (also s, h, d, w)', 9],
    ['received>2024-05-01T10:00', 'expected a time like 2024-05-01, 2024-05-01T10:00:00Z or -15m (also s, h, d, w)', 9],
    ['(a or b', "expected ')' to close '(' (opened at 0)", 7],
    ['a)', "unexpected ')' with no '(' to close", 1],
    ['a or', 'expected a condition or search text', 4],
    ['and a', 'expected a condition or search text', 0],
    ['not', 'expected a condition or search text', 3],
    ['"abc', `expected a closing '"' (quote opened at 0)`, 4],
    ['path~/abc', "expected a closing '/' (pattern opened at 5)", 9],
    ['path~abc', "expected a /pattern/ after '~'", 5],
    ['path~/a/x', 'expected the flags i, m or s, each once', 8],
    ['method in POST', "expected '(' after 'in'", 10],
    ['method in (POST PUT)', "expected ',' or ')' in the list", 16],
    ['method in ()', "expected a value after '('", 11],
    ['=x', "expected a field before '='", 0],
    ['body=1', 'expected a body path, like body.data.type or $.data.type', 4],
    ['body.a..b=1', 'expected a key after "."', 7],
    ['header=1', 'expected a name after header, like header.x-name or header["x name"]', 6],
    ['status.x=1', 'status takes no name or path', 6],
    ['body.amount>"10"', 'greater_than needs a number', 12],
    ['body.name:5', 'contains needs text', 10],
    ['path="\\q"', 'expected an escape: \\" \\\\ \\n \\r \\t or \\uXXXX', 6],
  ])('%s', (text, reason, position) => {
    let error: unknown;
    try {
      parseFilter(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FilterError);
    expect(error).toMatchObject({ reason, position, message: `${reason} at ${position}` });
  });

  it('names an unknown field and says how to search for the text', () => {
    expect(() => parseFilter('a foo=bar')).toThrow(
      /^unknown field "foo" .*put text in "quotes" to search for it at 2$/,
    );
  });

  it('refuses a regex RE2 cannot run, and one that is too long', () => {
    expect(() => parseFilter('path~/(?=a)/')).toThrow(/invalid regex.*at 5$/);
    expect(() => parseFilter(`path~/${'a'.repeat(1001)}/`)).toThrow(/longer than 1000 characters at 5/);
  });

  it('refuses nesting deeper than 64', () => {
    expect(() => parseFilter(`${'('.repeat(70)}a${')'.repeat(70)}`)).toThrow(/nests deeper than 64/);
  });
});

describe('printFilter', () => {
  it.each([
    ['status=404 or status=5xx', 'status=404 or status=5xx'],
    ['a (b or c)', 'a (b or c)'],
    ['not (a b)', 'not (a b)'],
    ['body.type="invoice.paid"', 'body.type=invoice.paid'],
    ['body.id="5"', 'body.id="5"'],
    ['header.X-Y="a b"', 'header.x-y="a b"'],
    ['"and" or', null],
    ['path~/a\\/b/i', 'path~/a\\/b/i'],
    ['$.data["a.b"][2]=null', 'body.data["a.b"][2]=null'],
    ['method in (post,get)', 'method in (POST, GET)'],
    ['"status=404"', '"status=404"'],
  ])('%s prints as %s', (text, printed) => {
    if (printed === null) return expect(() => parseFilter(text)).toThrow(FilterError);
    expect(printFilter(parseFilter(text))).toBe(printed);
  });
});

describe('the JSON form', () => {
  it('accepts what the parser makes and refuses what does not fit the field', () => {
    expect(parseFilterJson(parseFilter('status=5xx body.a>1 "x"'))).toBeTruthy();
    expect(() => parseFilterJson({ type: 'condition', field: 'status', op: 'contains', value: '5' })).toThrow(
      /^contains does not apply to status/,
    );
    expect(() => parseFilterJson({ type: 'condition', field: 'header', op: 'exists' })).toThrow(/header needs a name/);
    expect(() => parseFilterJson({ type: 'condition', field: 'size', op: 'in', value: 5 })).toThrow(/needs a list/);
    expect(() => parseFilterJson({ type: 'condition', field: 'method', op: 'exists', value: 'x' })).toThrow(
      /takes no value/,
    );
    expect(() => parseFilterJson({ type: 'condition', field: 'body', path: ['a"b'], op: 'exists' })).toThrow(
      /filter is invalid/,
    );
    expect(() => parseFilterJson({ type: 'xor', all: [] })).toThrow(FilterError);
    expect(() =>
      parseFilterJson({ type: 'condition', field: 'path', op: 'regex_match', value: '(a', flags: 'i' }),
    ).toThrow(/invalid regex/);
  });
});
