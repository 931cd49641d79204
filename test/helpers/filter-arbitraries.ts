// fast-check generators for the filter language: filters of every field and operator, and
// events drawn from the same small pools so that generated filters actually match some.
import fc from 'fast-check';
import type { BodyPathSegment, FilterCondition, FilterExpr, FilterScalar } from '../../protocol/filter/filter-ast.js';
import { FIELD_KINDS, FIELD_OPERATORS, NEGATED } from '../../protocol/filter/filter-fields.js';

export const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

// Pools shared by events and filters.
const METHODS = ['GET', 'POST', 'PUT', 'post'];
const PATHS = ['', '/', '/stripe', '/stripe/webhooks', '/github.json', '/a b', '/ünï/Ω', '/😀'];
const QUERIES = ['', 'a=1', 'a=1&a=2', 'page=2&q=hello+world', 'x=%41b', 'flag'];
const QUERY_NAMES = ['a', 'page', 'q', 'x', 'flag', 'missing'];
const HEADER_NAMES = ['content-type', 'X-GitHub-Event', 'x-github-event', 'Stripe-Signature', 'x-empty'];
const WORDS = ['push', 'Push', 'invoice.paid', 'application/json', '', 'issues', 'café', 'a,b', 'hello world'];
const ENDPOINTS = ['default', 'shop', 'gh'];
const STATUSES = [null, 200, 204, 404, 500, 503];
const KEYS = ['type', 'data', 'amount', 'status', 'items', 'name', 'a b', '0', 'x-y'];
const NUMBERS = [0, 1, -1, 1.5, 42, 1000, 1e3 + 0.25];
const PATTERNS = ['^ab+c$', '^s', 'push|pull', '\\d+', 'a/b', '[/]x', '^$', '(a+)+$', 'invoice\\.paid', 'é'];
const TIMES = [
  '-15m',
  '-2h',
  '-7d',
  '-1w',
  '-30s',
  '2024-05-01',
  '2024-05-01T10:00:00Z',
  '2024-05-01T13:30:00.5+02:00',
];

const scalarPool: FilterScalar[] = [...WORDS, ...NUMBERS, true, false, null];

const jsonLeaf = fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...NUMBERS), fc.boolean(), fc.constant(null));
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    jsonLeaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const encoder = new TextEncoder();
const body = fc.oneof(
  jsonValue.map((v) => encoder.encode(JSON.stringify(v))),
  fc.dictionary(fc.constantFrom(...KEYS), jsonValue, { maxKeys: 5 }).map((v) => encoder.encode(JSON.stringify(v))),
  fc
    .constantFrom(
      '',
      'hello world',
      'invoice paid',
      '\ufeff{"type":"x"}',
      '{"type":',
      'type=push&a=1',
      // Escapes a sender may write: both back ends must read through them.
      '{"t\\u0079pe":"invoice\\u002epaid","name":"a\\/b","data":{"amount":42}}',
    )
    .map((s) => encoder.encode(s)),
  fc.constant(new Uint8Array([0xff, 0x00, 0x7b])),
);

export interface GeneratedEvent {
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  body: Uint8Array;
  status: number | null;
  verified: boolean | null;
  valid: boolean | null;
  endpoint: string;
  receivedAt: number;
  replayed: boolean;
}

const maybeBool = fc.constantFrom(null, true, false);

export const eventArb: fc.Arbitrary<GeneratedEvent> = fc.record({
  method: fc.constantFrom(...METHODS),
  path: fc.constantFrom(...PATHS),
  query: fc.constantFrom(...QUERIES),
  headers: fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES), fc.constantFrom(...WORDS)), { maxLength: 4 }),
  body,
  status: fc.constantFrom(...STATUSES),
  verified: maybeBool,
  valid: maybeBool,
  endpoint: fc.constantFrom(...ENDPOINTS),
  receivedAt: fc.integer({ min: -10 * 24 * 60, max: 10 }).map((minutes) => NOW + minutes * 60_000),
  replayed: fc.boolean(),
});

/** Where a generated event keeps its JSON keys, so body paths find something. */
const bodyPath: fc.Arbitrary<BodyPathSegment[]> = fc.array(
  fc.oneof(fc.constantFrom(...KEYS), fc.integer({ min: 0, max: 2 })),
  { minLength: 1, maxLength: 3 },
);

/** A value fit for the condition's field and operator, from the pools. */
function valueFor(field: FilterCondition['field'], anyOp: FilterCondition['op']): fc.Arbitrary<FilterScalar> {
  const kind = FIELD_KINDS[field];
  const op = NEGATED[anyOp] ?? anyOp;
  if (op === 'regex_match') return fc.constantFrom(...PATTERNS);
  switch (kind) {
    case 'text':
      if (field === 'method') return fc.constantFrom(...METHODS.map((m) => m.toUpperCase()));
      if (field === 'path') return fc.constantFrom(...PATHS, 'stripe', '/');
      if (field === 'endpoint') return fc.constantFrom(...ENDPOINTS, 'sh');
      if (field === 'query') return fc.constantFrom('1', '2', 'hello world', 'Ab', '', 'hello');
      return fc.constantFrom(...WORDS, 'pu', 'json');
    case 'json':
      if (op === 'greater_than' || op === 'less_than' || op === 'greater_or_equal' || op === 'less_or_equal') {
        return fc.constantFrom(...NUMBERS);
      }
      if (op === 'contains' || op === 'starts_with' || op === 'ends_with') return fc.constantFrom(...WORDS, 'pa', 'd');
      return fc.constantFrom(...scalarPool);
    case 'status':
      if (op === 'equals' || op === 'not_equals' || op === 'in' || op === 'not_in') {
        return fc.constantFrom(200, 204, 404, 500, '2xx', '4xx', '5xx', '3xx');
      }
      return fc.constantFrom(200, 299, 404, 500);
    case 'boolean':
      return fc.boolean();
    case 'time':
      return fc.constantFrom(...TIMES);
    case 'size':
      return fc.nat({ max: 60 });
  }
}

const conditionArb: fc.Arbitrary<FilterCondition> = fc
  .constantFrom(...(Object.keys(FIELD_KINDS) as FilterCondition['field'][]))
  .chain((field) =>
    fc.constantFrom(...FIELD_OPERATORS[FIELD_KINDS[field]]).chain((op) => {
      const base = {
        type: fc.constant('condition' as const),
        field: fc.constant(field),
        op: fc.constant(op),
        ...(field === 'header' ? { name: fc.constantFrom(...HEADER_NAMES.map((n) => n.toLowerCase())) } : {}),
        ...(field === 'query' ? { name: fc.constantFrom(...QUERY_NAMES) } : {}),
        ...(field === 'body' ? { path: bodyPath } : {}),
      };
      if (op === 'exists' || op === 'not_exists') return fc.record(base);
      if (op === 'in' || op === 'not_in') {
        return fc.record({ ...base, value: fc.array(valueFor(field, op), { minLength: 1, maxLength: 3 }) });
      }
      if (op === 'regex_match') {
        return fc
          .record({ ...base, value: valueFor(field, op), flags: fc.constantFrom('', 'i', 'ms', 'ims') })
          .map((c) => {
            const { flags, ...rest } = c;
            return (flags ? { ...rest, flags } : rest) as FilterCondition;
          });
      }
      return fc.record({ ...base, value: valueFor(field, op) });
    }),
  ) as fc.Arbitrary<FilterCondition>;

const textArb = fc
  .constantFrom('push', 'invoice', 'invoice.paid', 'hello wor', 'STRIPE', 'cafe', 'json', 'zzz', '!!', 'github e')
  .map((text) => ({ type: 'text' as const, text }));

/** Filters over the pools: for agreement of the back ends. */
export const filterArb: fc.Arbitrary<FilterExpr> = fc.letrec<{ expr: FilterExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    conditionArb,
    textArb,
    fc.array(tie('expr'), { maxLength: 3 }).map((all) => ({ type: 'and' as const, all })),
    fc.array(tie('expr'), { minLength: 1, maxLength: 3 }).map((any) => ({ type: 'or' as const, any })),
    tie('expr').map((expr) => ({ type: 'not' as const, expr })),
  ),
})).expr;

// Wilder strings for the text round trip: quotes, escapes, operators, keywords, any code unit.
const wild = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }),
  fc.constantFrom('and', 'OR', 'not', 'in', 'exists', 'status', 'a=b', '"', '\\', '(x)', 'a,b', '-15m', '5xx', '12'),
);
const bodyKey = fc
  .string({ minLength: 1, maxLength: 8 })
  .filter((k) => !/["\\]/.test(k) && ![...k].some((c) => c < ' '));

/** Filters with odd names, keys, values and search text: for the text round trip. */
export const wildFilterArb: fc.Arbitrary<FilterExpr> = fc.letrec<{ expr: FilterExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    conditionArb.chain((c) => {
      const kind = FIELD_KINDS[c.field];
      const mutations: fc.Arbitrary<FilterCondition>[] = [fc.constant(c)];
      if (c.name !== undefined) mutations.push(wild.map((name) => ({ ...c, name })));
      if (c.path !== undefined) {
        mutations.push(
          fc
            .array(fc.oneof(bodyKey, fc.nat({ max: 99 })), { minLength: 1, maxLength: 3 })
            .map((path) => ({ ...c, path })),
        );
      }
      if (kind === 'text' && typeof c.value === 'string' && c.op !== 'regex_match') {
        mutations.push(wild.map((value) => ({ ...c, value })));
      }
      if (kind === 'json' && (c.op === 'equals' || c.op === 'not_equals')) {
        mutations.push(
          fc.oneof(wild, fc.double({ noNaN: true, noDefaultInfinity: true })).map((value) => ({ ...c, value })),
        );
      }
      return fc.oneof(...mutations);
    }),
    wild.map((text) => ({ type: 'text' as const, text })),
    fc.array(tie('expr'), { maxLength: 3 }).map((all) => ({ type: 'and' as const, all })),
    fc.array(tie('expr'), { minLength: 1, maxLength: 3 }).map((any) => ({ type: 'or' as const, any })),
    tie('expr').map((expr) => ({ type: 'not' as const, expr })),
  ),
})).expr;
