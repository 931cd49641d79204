// Everything wrong with a draft before it is saved: what could not be converted, what Monaco
// found in the schema, and what the shared checks find in the signature config (the same list
// the relay refuses with). Errors block saving; warnings do not.
import { describeDoorConfigProblems } from '../../../../protocol/door-config-problems.js';
import { type DoorDraft, type DraftResult, doorFromDraft } from './door-draft.js';

export interface DraftProblems extends DraftResult {
  warnings: string[];
}

export function draftProblems(draft: DoorDraft, schemaMarkers: readonly string[]): DraftProblems {
  const { door, errors } = doorFromDraft(draft);
  const all = [...errors, ...(draft.schemaEnabled ? schemaMarkers.map((m) => `payload schema: ${m}`) : [])];
  if (!door) return { door, errors: all, warnings: [] };
  const found = describeDoorConfigProblems(door);
  all.push(...found.errors);
  return { door: all.length === 0 ? door : null, errors: all, warnings: found.warnings };
}
