// The builder's view of any filter expression as a group: all of / any of / none of.
import type { FilterExpr } from '../../../../protocol/filter/filter-ast.js';

export type Mode = 'all' | 'any' | 'none';
export interface Group {
  mode: Mode;
  items: FilterExpr[];
}

/** Any expression seen as a group; a lone condition is a group of one. */
export function asGroup(expr: FilterExpr): Group {
  if (expr.type === 'and') return { mode: 'all', items: expr.all };
  if (expr.type === 'or') return { mode: 'any', items: expr.any };
  if (expr.type === 'not') {
    const inner = expr.expr;
    return { mode: 'none', items: inner.type === 'or' ? inner.any : [inner] };
  }
  return { mode: 'all', items: [expr] };
}

export function fromGroup(g: Group): FilterExpr {
  if (g.mode === 'all') return { type: 'and', all: g.items };
  if (g.items.length === 0) return { type: 'and', all: [] };
  if (g.mode === 'any') return { type: 'or', any: g.items };
  return { type: 'not', expr: g.items.length === 1 ? g.items[0]! : { type: 'or', any: g.items } };
}

export const isGroup = (e: FilterExpr) => e.type === 'and' || e.type === 'or' || e.type === 'not';
