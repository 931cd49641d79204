// Whether an event goes to a target at all: the target's filter on method and subpath, and
// its routing expression in the filter language (docs/filters.md).
import type { TargetFilter } from '../../protocol/desktop-api.js';
import { compileFilter, type FilterMatcher } from '../../protocol/filter/filter-evaluator.js';
import { parseFilter } from '../../protocol/filter/filter-parser.js';
import type { StoredEvent } from '../store/event-records.js';
import { toFilterableEvent } from '../store/filterable-stored-event.js';

/** Compiled routing expressions by their text; targets are few, their expressions fewer. */
const compiled = new Map<string, FilterMatcher>();
const MAX_COMPILED = 500;

export function matchesTargetFilter(filter: TargetFilter, event: StoredEvent): boolean {
  if (filter.methods && filter.methods.length > 0) {
    const method = event.method.toUpperCase();
    if (!filter.methods.some((m) => m.toUpperCase() === method)) return false;
  }
  if (filter.pathPrefix !== undefined) {
    // An empty subpath is the endpoint's root, so a prefix of '/' still matches it.
    const path = event.path === '' ? '/' : event.path;
    if (!path.startsWith(filter.pathPrefix)) return false;
  }
  if (filter.expression !== undefined) return routingMatcher(filter.expression)(toFilterableEvent(event));
  return true;
}

/**
 * Throws FilterError when the expression does not parse: targets.create and targets.update
 * call it first, so a stored expression always compiles. Relative times (`received>-5m`) are
 * resolved when first compiled, so they make little sense in a routing rule.
 */
export function routingMatcher(expression: string): FilterMatcher {
  let matcher = compiled.get(expression);
  if (!matcher) {
    matcher = compileFilter(parseFilter(expression));
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(expression, matcher);
  }
  return matcher;
}
