// One spelling per meaning, so a filter from the builder and the same filter typed as text are
// equal: nested and/or flattened, single-member groups unwrapped, header names lower case, method
// values upper case (methods are compared exactly), a regex's `\/` written `/`, -0 as 0.
import type { FilterCondition, FilterExpr } from './filter-ast.js';

export function normalizeFilter(expr: FilterExpr): FilterExpr {
  switch (expr.type) {
    case 'and': {
      const all = expr.all.map(normalizeFilter).flatMap((e) => (e.type === 'and' ? e.all : [e]));
      return all.length === 1 ? all[0]! : { type: 'and', all };
    }
    case 'or': {
      const any = expr.any.map(normalizeFilter).flatMap((e) => (e.type === 'or' ? e.any : [e]));
      return any.length === 1 ? any[0]! : { type: 'or', any };
    }
    case 'not':
      return { type: 'not', expr: normalizeFilter(expr.expr) };
    case 'text':
      return expr;
    case 'condition':
      return normalizeCondition(expr);
  }
}

function normalizeCondition(c: FilterCondition): FilterCondition {
  const out: FilterCondition = { ...c };
  if (c.field === 'header' && c.name !== undefined) out.name = c.name.toLowerCase();
  if (c.op === 'regex_match' && typeof c.value === 'string') {
    out.value = unescapeSlashes(c.value);
    if (!c.flags) delete out.flags;
  } else if (c.value !== undefined) {
    // -0 is 0 to both back ends, and prints as 0.
    const fix = (v: unknown) =>
      c.field === 'method' && typeof v === 'string' ? v.toUpperCase() : Object.is(v, -0) ? 0 : v;
    out.value = (Array.isArray(c.value) ? c.value.map(fix) : fix(c.value)) as FilterCondition['value'];
  }
  return out;
}

/** `\/` means `/` in a pattern; the text form needs the escape inside /.../, the JSON form does not. */
export function unescapeSlashes(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      const next = pattern[i + 1]!;
      out += next === '/' ? '/' : ch + next;
      i++;
    } else out += ch;
  }
  return out;
}
