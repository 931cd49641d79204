// What the builder's text inputs mean for each field: a value typed as text becomes the
// typed value the filter language stores (a number for sizes and statuses, true/false for
// flags, JSON scalars in the body), and back.
import type {
  BodyPathSegment,
  FilterCondition,
  FilterField,
  FilterScalar,
} from '../../../../protocol/filter/filter-ast.js';
import { FIELD_KINDS, FIELD_OPERATORS, fieldHasName } from '../../../../protocol/filter/filter-fields.js';
import { JSON_NUMBER } from '../../../../protocol/filter/filter-syntax.js';

const SIZE = /^(\d+)\s*(b|kb|kib|mb|mib|gb|gib)?$/i;
const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

export function scalarFromText(field: FilterField, text: string): FilterScalar {
  const t = text.trim();
  switch (FIELD_KINDS[field]) {
    case 'status':
      return /^\d+$/.test(t) ? Number(t) : t.toLowerCase();
    case 'size': {
      const m = SIZE.exec(t);
      return m ? Number(m[1]) * SIZE_UNITS[(m[2] ?? 'b').toLowerCase()]! : t;
    }
    case 'boolean':
      return t === 'true' ? true : t === 'false' ? false : t;
    case 'json':
      // A body value is JSON when it reads as a JSON scalar; "quoted" keeps numbers as text.
      if (JSON_NUMBER.test(t)) return Number(t);
      if (t === 'true' || t === 'false') return t === 'true';
      if (t === 'null') return null;
      if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
        try {
          return JSON.parse(t) as string;
        } catch {
          return t;
        }
      }
      return text;
    default:
      return text;
  }
}

export function scalarToText(field: FilterField, value: FilterScalar): string {
  if (FIELD_KINDS[field] === 'json' && typeof value === 'string' && scalarFromText(field, value) !== value) {
    return JSON.stringify(value); // "42" stays text
  }
  return value === null ? 'null' : String(value);
}

/** In lists, values are separated by commas. */
export function listFromText(field: FilterField, text: string): FilterScalar[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => scalarFromText(field, part));
}

export function valueText(c: FilterCondition): string {
  if (c.value === undefined) return '';
  return Array.isArray(c.value)
    ? c.value.map((v) => scalarToText(c.field, v)).join(', ')
    : scalarToText(c.field, c.value);
}

/** `data.object.amount` or `items[0].id`, as the builder shows a body path. */
export function pathToText(path: readonly BodyPathSegment[] | undefined): string {
  if (!path) return '';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export function pathFromText(text: string): BodyPathSegment[] {
  const out: BodyPathSegment[] = [];
  for (const part of text.replace(/^\$\.?/, '').split('.')) {
    const m = /^([^[\]]*)((\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out.filter((s) => s !== '');
}

/** The condition after the user picked another field: keeps what still makes sense. */
export function withField(c: FilterCondition, field: FilterField): FilterCondition {
  const ops = FIELD_OPERATORS[FIELD_KINDS[field]];
  const op = ops.includes(c.op) ? c.op : ops[0]!;
  const next: FilterCondition = { type: 'condition', field, op };
  if (fieldHasName(field)) next.name = c.name ?? '';
  if (field === 'body') next.path = c.path ?? ['type'];
  return withValueText(next, op === 'exists' || op === 'not_exists' ? '' : valueText(c));
}

export function withValueText(c: FilterCondition, text: string): FilterCondition {
  const { value: _old, ...rest } = c;
  if (c.op === 'exists' || c.op === 'not_exists') return rest;
  if (c.op === 'in' || c.op === 'not_in') {
    const list = listFromText(c.field, text);
    return list.length > 0 ? { ...rest, value: list } : rest;
  }
  return text === '' && FIELD_KINDS[c.field] !== 'text' ? rest : { ...rest, value: scalarFromText(c.field, text) };
}

export const OPERATOR_LABELS: Record<FilterCondition['op'], string> = {
  equals: 'is',
  not_equals: 'is not',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  ends_with: 'ends with',
  regex_match: 'matches regex',
  greater_than: '>',
  less_than: '<',
  greater_or_equal: '≥',
  less_or_equal: '≤',
  in: 'is one of',
  not_in: 'is none of',
  exists: 'exists',
  not_exists: 'does not exist',
};
