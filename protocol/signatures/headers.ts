// Header lookup over the ordered [name, value] pairs the relay captured.
import type { HeaderRead } from './signature-check.js';

export type HeaderList = readonly (readonly [string, string])[];

/**
 * Case-insensitive. When a header appears more than once the FIRST value is used and the count
 * is reported: the first is what the sender wrote before anything on the path could append to
 * it, and picking one deterministically beats joining values that were never meant to be joined.
 */
export function readHeader(headers: HeaderList, name: string): HeaderRead {
  const wanted = name.toLowerCase();
  let value: string | null = null;
  let occurrences = 0;
  for (const [n, v] of headers) {
    if (n.toLowerCase() !== wanted) continue;
    if (occurrences === 0) value = v;
    occurrences++;
  }
  return { name, value, occurrences };
}

export function duplicateNotes(reads: readonly HeaderRead[]): string[] {
  return reads
    .filter((r) => r.occurrences > 1)
    .map((r) => `${r.name} appeared ${r.occurrences} times; the first value was used`);
}

/** Replaces same-named headers (any case) in place, keeps the rest in order, appends new ones. */
export function applySignedHeaders(headers: HeaderList, signed: HeaderList): [string, string][] {
  const byName = new Map(signed.map(([n, v]) => [n.toLowerCase(), [n, v] as [string, string]]));
  const out: [string, string][] = [];
  const placed = new Set<string>();
  for (const [n, v] of headers) {
    const lower = n.toLowerCase();
    const replacement = byName.get(lower);
    if (!replacement) out.push([n, v]);
    else if (!placed.has(lower)) {
      out.push([...replacement]);
      placed.add(lower);
    }
  }
  for (const [lower, pair] of byName) if (!placed.has(lower)) out.push([...pair]);
  return out;
}
