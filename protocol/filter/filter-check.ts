// Checks what the JSON schema cannot: that a condition's operator and value suit its field.
// The parser runs the same check on what it builds, so text and JSON refuse the same filters.
import { type Validator, validator } from '../validator.js';
import { type FilterCondition, FilterExpr, type FilterScalar } from './filter-ast.js';
import { FilterError } from './filter-error.js';
import {
  FIELD_KINDS,
  FIELD_OPERATORS,
  fieldHasName,
  ORDER_OPERATORS,
  resolveTime,
  STATUS_CLASS,
  STRING_OPERATORS,
} from './filter-fields.js';
import { compileFilterRegExp } from './filter-regexp.js';

/** Deeper nesting than this is refused: both back ends recurse over the tree. */
export const MAX_FILTER_DEPTH = 64;

/** Why this condition cannot be evaluated, or null when it can. */
export function conditionProblem(c: FilterCondition): string | null {
  const kind = FIELD_KINDS[c.field];
  if (fieldHasName(c.field) !== (c.name !== undefined)) {
    return fieldHasName(c.field) ? `${c.field} needs a name, like ${c.field}.x-name` : `${c.field} takes no name`;
  }
  if ((c.field === 'body') !== (c.path !== undefined)) {
    return c.field === 'body' ? 'body needs a path, like body.data.type' : `${c.field} takes no body path`;
  }
  if (!FIELD_OPERATORS[kind].includes(c.op)) {
    return `${c.op} does not apply to ${c.field} (use ${FIELD_OPERATORS[kind].join(', ')})`;
  }
  if (c.flags !== undefined && c.op !== 'regex_match') return 'flags belong to regex_match only';
  if (c.op === 'exists' || c.op === 'not_exists') {
    return c.value === undefined ? null : `${c.op} takes no value`;
  }
  if (c.value === undefined) return `${c.op} needs a value`;
  const isList = c.op === 'in' || c.op === 'not_in';
  if (Array.isArray(c.value) !== isList) return isList ? `${c.op} needs a list of values` : `${c.op} needs one value`;
  for (const value of Array.isArray(c.value) ? c.value : [c.value]) {
    const problem = valueProblem(c, value);
    if (problem) return problem;
  }
  return null;
}

function valueProblem(c: FilterCondition, value: FilterScalar): string | null {
  switch (FIELD_KINDS[c.field]) {
    case 'text':
      if (typeof value !== 'string') return `${c.field} compares text: quote the value`;
      break;
    case 'json':
      if (ORDER_OPERATORS.has(c.op) && typeof value !== 'number') return `${c.op} needs a number`;
      if (STRING_OPERATORS.has(c.op) && typeof value !== 'string') return `${c.op} needs text`;
      break;
    case 'status':
      if (typeof value === 'string' && STATUS_CLASS.test(value) && !ORDER_OPERATORS.has(c.op)) break;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 999) {
        return ORDER_OPERATORS.has(c.op) ? 'expected a status code like 400' : 'expected a status like 404 or 5xx';
      }
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return `${c.field} is true or false`;
      break;
    case 'time':
      if (typeof value !== 'string' || resolveTime(value, 0) === null) {
        return 'expected a time like 2024-05-01, 2024-05-01T10:00:00Z or -15m (also s, h, d, w)';
      }
      break;
    case 'size':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        return 'expected a size like 512, 10kb or 2MiB';
      }
      break;
  }
  if (c.op === 'regex_match') {
    try {
      compileFilterRegExp(value as string, c.flags);
    } catch (err) {
      return (err as Error).message;
    }
  }
  return null;
}

/** Throws FilterError (position -1) at the first condition that cannot be evaluated. */
export function checkFilter(expr: FilterExpr, depth = 0): void {
  if (depth > MAX_FILTER_DEPTH) throw new FilterError(`the filter nests deeper than ${MAX_FILTER_DEPTH} levels`, -1);
  switch (expr.type) {
    case 'and':
      for (const e of expr.all) checkFilter(e, depth + 1);
      return;
    case 'or':
      for (const e of expr.any) checkFilter(e, depth + 1);
      return;
    case 'not':
      checkFilter(expr.expr, depth + 1);
      return;
    case 'text':
      return;
    case 'condition': {
      const problem = conditionProblem(expr);
      if (problem) throw new FilterError(problem, -1);
    }
  }
}

/**
 * Compiled on first use, not at import: the renderer imports this file, and its CSP forbids the
 * code generation ajv compiles with. The renderer never reads the JSON form.
 */
let isFilterExpr: Validator<typeof FilterExpr> | null = null;

/** The JSON form at a boundary (sync, the DesktopApi, a saved filter): schema, then meaning. */
export function parseFilterJson(value: unknown): FilterExpr {
  isFilterExpr ??= validator(FilterExpr);
  if (!isFilterExpr(value)) {
    try {
      isFilterExpr.parse(value, 'filter');
    } catch (err) {
      throw new FilterError((err as Error).message, -1);
    }
  }
  checkFilter(value as FilterExpr);
  return value as FilterExpr;
}
