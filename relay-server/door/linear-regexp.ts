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

function compileLinear(pattern: string, _flags: string) {
  let compiled: RE2JS;
  try {
    // JSON Schema patterns are ECMAScript syntax; translateRegExp rewrites the parts RE2
    // spells differently (\uXXXX, named groups, an unescaped /). RE2 is always Unicode-aware,
    // so ajv's "u" flag needs no counterpart.
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    throw new UnsupportedPatternError(pattern, reason);
  }
  // JSON Schema's pattern is unanchored, as RE2JS's test() is. ajv keys its per-schema pattern
  // cache on toString(), so it must differ per pattern.
  return { test: (input: string) => compiled.test(input), toString: () => `re2:${pattern}` };
}

/** For ajv's `code.regExp` option. `code` only names it in standalone code, which Porthole does not generate. */
export const linearRegExp: RegExpEngine = Object.assign(compileLinear, { code: 'porthole.linearRegExp' });
