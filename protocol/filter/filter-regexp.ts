// Regular expressions in filters run on RE2 (re2js, pure JavaScript, browser-safe): matching is
// linear in the input, so no pattern can stall the engine, the relay or the UI on a crafted body
// the way `(a+)+$` stalls a backtracking engine. RE2 has no lookaround and no backreferences.
import { RE2JS } from 're2js';

/** Longest pattern accepted; RE2 compiles in time proportional to the program it makes. */
export const MAX_PATTERN_LENGTH = 1000;
/** Largest compiled program (RE2 instructions): `[\p{L}]{1000}` is thousands, and slow to build. */
export const MAX_PATTERN_PROGRAM = 20_000;

export interface FilterRegExp {
  /** True when the pattern matches anywhere in the input (unanchored, like RegExp.test). */
  test(input: string): boolean;
}

const MAX_CACHED = 500;
const cache = new Map<string, FilterRegExp>();

/**
 * Compiles the pattern with flags from `ims`; throws an Error saying why a pattern cannot be used.
 * Compiled patterns are shared (the SQL function calls this once per row).
 */
export function compileFilterRegExp(pattern: string, flags = ''): FilterRegExp {
  const key = `${flags}/${pattern}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const compiled = compile(pattern, flags);
  cache.set(key, compiled);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return compiled;
}

function compile(pattern: string, flags: string): FilterRegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new Error(`the pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  let bits = 0;
  for (const flag of flags) {
    if (flag === 'i') bits |= RE2JS.CASE_INSENSITIVE;
    else if (flag === 'm') bits |= RE2JS.MULTILINE;
    else if (flag === 's') bits |= RE2JS.DOTALL;
    else throw new Error(`unknown regex flag "${flag}" (use i, m or s)`);
  }
  let re2: RE2JS;
  try {
    // Patterns are written in JavaScript's syntax; translateRegExp rewrites what RE2 spells
    // differently (\uXXXX, named groups).
    re2 = RE2JS.compile(RE2JS.translateRegExp(pattern), bits);
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    throw new Error(`invalid regex: ${reason} (RE2 syntax: no lookahead, lookbehind or backreferences)`);
  }
  if (re2.programSize() > MAX_PATTERN_PROGRAM) throw new Error('the pattern is too complex; simplify it');
  return { test: (input) => re2.test(input) };
}
