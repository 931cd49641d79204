// The regex engine ajv uses for an owner's `pattern` and `patternProperties`: RE2 (re2js, pure
// JavaScript), which matches in time linear in the input, so no pattern can stall the relay on
// a crafted body the way `^(a+)+$` stalls a backtracking engine. RE2 has no lookaround and no
// backreferences; such patterns are refused when the schema is compiled, with the reason.
import type { CodeOptions } from 'ajv';
import { RE2JS } from 're2js';

type RegExpEngine = NonNullable<CodeOptions['regExp']>;

export class UnsupportedPatternError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(
      `pattern ${JSON.stringify(pattern)} cannot be used: ${reason} (patterns run on RE2: no lookahead, lookbehind or backreferences)`,
    );
    this.name = 'UnsupportedPatternError';
  }
}

export class PatternBudgetError extends Error {
  constructor(readonly limit: number) {
    super(`the schema's patterns together compile to more than ${limit} RE2 instructions; simplify them`);
    this.name = 'PatternBudgetError';
  }
}

/**
 * RE2 compiles in time proportional to its program (`[\p{L}]{1000}` is a thousand steps and a
 * few milliseconds), so the patterns of one schema share a budget of instructions, counted
 * once per distinct pattern. Set around a schema's compile, which is synchronous.
 */
let budget: { limit: number; used: number; seen: Set<string> } | null = null;

export function withPatternBudget<T>(limit: number, compile: () => T): T {
  const outer = budget;
  budget = { limit, used: 0, seen: new Set() };
  try {
    return compile();
  } finally {
    budget = outer;
  }
}

// Compiling a large RE2 program takes a millisecond or two, and every schema is compiled by
// two ajv instances (first error, all errors): compiled patterns are shared, a bounded number.
const MAX_CACHED_PATTERNS = 1000;
const compiledPatterns = new Map<string, RE2JS>();

function compileLinear(pattern: string, _flags: string) {
  let compiled = compiledPatterns.get(pattern);
  if (!compiled) {
    compiled = compileRe2(pattern);
    compiledPatterns.set(pattern, compiled);
    if (compiledPatterns.size > MAX_CACHED_PATTERNS) compiledPatterns.delete(compiledPatterns.keys().next().value!);
  }
  if (budget && !budget.seen.has(pattern)) {
    budget.seen.add(pattern);
    budget.used += compiled.programSize();
    if (budget.used > budget.limit) throw new PatternBudgetError(budget.limit);
  }
  const re2 = compiled;
  // JSON Schema's pattern is unanchored, as RE2JS's test() is. ajv keys its per-schema pattern
  // cache on toString(), so it must differ per pattern.
  return { test: (input: string) => re2.test(input), toString: () => `re2:${pattern}` };
}

function compileRe2(pattern: string): RE2JS {
  try {
    // JSON Schema patterns are ECMAScript syntax; translateRegExp rewrites the parts RE2
    // spells differently (\uXXXX, named groups, an unescaped /). RE2 is always Unicode-aware,
    // so ajv's "u" flag needs no counterpart.
    return RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    throw new UnsupportedPatternError(pattern, reason);
  }
}

/** For ajv's `code.regExp` option. `code` only names it in standalone code, which Porthole does not generate. */
export const linearRegExp: RegExpEngine = Object.assign(compileLinear, { code: 'porthole.linearRegExp' });
