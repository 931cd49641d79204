// Problems in a door config that its JSON Schema cannot express and that need nothing of the
// relay's to find: a signature check that cannot work as configured (describeConfigProblems),
// named by scheme, and a filter that does not parse. The relay refuses a config with errors (400) before storing it, adding what
// only it can check (the payload schema compiled by ajv, the allowlist parsed); the UI can show
// the same list while the config is edited.
import type { DoorConfig } from './endpoint-door.js';
import type { FilterExpr } from './filter/filter-ast.js';
import { FilterError } from './filter/filter-error.js';
import { parseFilter } from './filter/filter-parser.js';
import { describeConfigProblems } from './signatures/config-problems.js';

export interface DoorConfigProblems {
  /** The config cannot be enforced as written. */
  errors: string[];
  /** It can, but probably not as meant. */
  warnings: string[];
}

export function describeDoorConfigProblems(door: DoorConfig): DoorConfigProblems {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (door.signature) {
    const { check } = door.signature;
    const found = describeConfigProblems(check);
    const named = (problem: string) => `signature (${check.scheme}): ${problem}`;
    errors.push(...found.errors.map(named));
    warnings.push(...found.warnings.map(named));
  }
  if (door.filter) {
    try {
      const expr = parseFilter(door.filter.expression);
      if (readsStatus(expr)) warnings.push('filter: status is never known at the door (nothing was forwarded yet)');
    } catch (err) {
      errors.push(`filter: ${err instanceof FilterError ? err.message : String(err)}`);
    }
  }
  return { errors, warnings };
}

function readsStatus(expr: FilterExpr): boolean {
  switch (expr.type) {
    case 'and':
      return expr.all.some(readsStatus);
    case 'or':
      return expr.any.some(readsStatus);
    case 'not':
      return readsStatus(expr.expr);
    case 'text':
      return false;
    default:
      return expr.field === 'status';
  }
}
