// The filter language's JSON form: what the visual builder edits, what sync carries and what the
// text syntax parses to. TypeBox, so every boundary can check it with ajv; which operator and
// value suit which field is checked by checkFilter (filter-check.ts), since that depends on the field.
import { type Static, Type } from '@sinclair/typebox';

export const FILTER_FIELDS = [
  'method',
  'path',
  'query',
  'header',
  'body',
  'status',
  'verified',
  'valid',
  'endpoint',
  'received',
  'size',
  'replayed',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export const FILTER_OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'regex_match',
  'greater_than',
  'less_than',
  'greater_or_equal',
  'less_or_equal',
  'in',
  'not_in',
  'exists',
  'not_exists',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** Longest string value, name or search text; longer is not a filter anyone types. */
export const MAX_FILTER_STRING = 2000;
export const MAX_LIST_VALUES = 100;
export const MAX_BODY_PATH_SEGMENTS = 32;

export const FilterScalar = Type.Union([
  Type.String({ maxLength: MAX_FILTER_STRING }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
]);
export type FilterScalar = Static<typeof FilterScalar>;

/**
 * A key (string) or array index (integer). Keys exclude `"`, `\` and control characters: SQLite's
 * JSON paths cannot quote them, and both back ends must read the same value.
 */
export const BodyPathSegment = Type.Union([
  Type.String({ minLength: 1, maxLength: 200, pattern: '^[^"\\\\\\u0000-\\u001f]+$' }),
  Type.Integer({ minimum: 0, maximum: 1_000_000 }),
]);
export type BodyPathSegment = Static<typeof BodyPathSegment>;

export const FilterCondition = Type.Object(
  {
    type: Type.Literal('condition'),
    field: Type.Union(FILTER_FIELDS.map((f) => Type.Literal(f))),
    /** The header (case-insensitive, kept lower case) or query parameter name. */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** The body path: `body.data.object.amount` is ['data', 'object', 'amount']; `[0]` is 0. */
    path: Type.Optional(Type.Array(BodyPathSegment, { minItems: 1, maxItems: MAX_BODY_PATH_SEGMENTS })),
    op: Type.Union(FILTER_OPERATORS.map((o) => Type.Literal(o))),
    /** Absent for exists and not_exists; a list for in and not_in. */
    value: Type.Optional(
      Type.Union([FilterScalar, Type.Array(FilterScalar, { minItems: 1, maxItems: MAX_LIST_VALUES })]),
    ),
    /** regex_match only: i (ignore case), m (multi-line), s (dot matches newline), in that order. */
    flags: Type.Optional(Type.String({ pattern: '^i?m?s?$' })),
  },
  { additionalProperties: false },
);
export type FilterCondition = Static<typeof FilterCondition>;

export const FilterExpr = Type.Recursive(
  (Self) =>
    Type.Union([
      Type.Object(
        { type: Type.Literal('and'), all: Type.Array(Self, { maxItems: 1000 }) },
        { additionalProperties: false, description: 'every one matches; empty: every event' },
      ),
      Type.Object(
        { type: Type.Literal('or'), any: Type.Array(Self, { minItems: 1, maxItems: 1000 }) },
        { additionalProperties: false },
      ),
      Type.Object({ type: Type.Literal('not'), expr: Self }, { additionalProperties: false }),
      Type.Object(
        {
          type: Type.Literal('text'),
          text: Type.String({ minLength: 1, maxLength: MAX_FILTER_STRING, description: 'full-text search' }),
        },
        { additionalProperties: false },
      ),
      FilterCondition,
    ]),
  { $id: 'FilterExpr' },
);
export type FilterExpr = Static<typeof FilterExpr>;

/** The filter that matches every event (an empty search box). */
export const MATCH_ALL: FilterExpr = { type: 'and', all: [] };
