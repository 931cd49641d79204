// Problems in a door config that its JSON Schema cannot express and that need nothing of the
// relay's to find: a signature check that cannot work as configured (describeConfigProblems),
// named by scheme. The relay refuses a config with errors (400) before storing it, adding what
// only it can check (the payload schema compiled by ajv, the allowlist parsed); the UI can show
// the same list while the config is edited.
import type { DoorConfig } from './endpoint-door.js';
import { describeConfigProblems } from './signatures/config-problems.js';

export interface DoorConfigProblems {
  /** The config cannot be enforced as written. */
  errors: string[];
  /** It can, but probably not as meant. */
  warnings: string[];
}

export function describeDoorConfigProblems(door: DoorConfig): DoorConfigProblems {
  if (!door.signature) return { errors: [], warnings: [] };
  const { check } = door.signature;
  const { errors, warnings } = describeConfigProblems(check);
  const named = (problem: string) => `signature (${check.scheme}): ${problem}`;
  return { errors: errors.map(named), warnings: warnings.map(named) };
}
