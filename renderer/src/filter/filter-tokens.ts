// Splits filter text into coloured runs for the box's highlighting. It only needs to look
// right while typing, so it is forgiving where the parser is strict: every character lands
// in exactly one run, and unfinished input (an open quote, a lone operator) still colours.
import { KEYWORDS, SYMBOL_OPERATORS } from '../../../protocol/filter/filter-syntax.js';

export type TokenKind = 'space' | 'field' | 'op' | 'value' | 'string' | 'regex' | 'keyword' | 'text' | 'punct';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

const WORD_END = /[\s()",]/;

function operatorAt(text: string, at: number): string | null {
  // `$.data` starts a body path, not the ends-with operator.
  if (text.startsWith('$.', at) && (at === 0 || /[\s(!,]/.test(text[at - 1]!))) return null;
  for (const [symbol] of SYMBOL_OPERATORS) if (text.startsWith(symbol, at)) return symbol;
  return null;
}

export function filterTokens(text: string): Token[] {
  const out: Token[] = [];
  const push = (kind: TokenKind, start: number, end: number) => {
    if (end > start) out.push({ kind, start, end });
  };
  let i = 0;
  let expectValue = false;
  let afterRegexOperator = false;
  /** After `in`: the next parenthesis opens a list of values. */
  let listNext = false;
  let inList = false;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      push('space', i, j);
      i = j;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      if (c === '(') inList = listNext;
      if (c === ')') inList = false;
      listNext = false;
      push('punct', i, i + 1);
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      j = Math.min(j + 1, text.length);
      push(expectValue || inList ? 'string' : 'text', i, j);
      expectValue = false;
      i = j;
      continue;
    }
    if (afterRegexOperator && c === '/') {
      let j = i + 1;
      while (j < text.length && text[j] !== '/') j += text[j] === '\\' ? 2 : 1;
      j = Math.min(j + 1, text.length);
      while (j < text.length && /[ims]/.test(text[j]!)) j++;
      push('regex', i, j);
      expectValue = false;
      afterRegexOperator = false;
      i = j;
      continue;
    }
    const op = operatorAt(text, i);
    if (op) {
      push('op', i, i + op.length);
      i += op.length;
      expectValue = true;
      afterRegexOperator = op === '~';
      continue;
    }
    // A word: a field when an operator follows it (directly or after spaces), a value after
    // one, a keyword, or search text.
    let j = i + 1;
    while (j < text.length && !WORD_END.test(text[j]!) && !operatorAt(text, j)) j++;
    const word = text.slice(i, j);
    if (expectValue || inList) {
      push('value', i, j);
      expectValue = false;
      afterRegexOperator = false;
    } else if (KEYWORDS.has(word.toLowerCase())) {
      push('keyword', i, j);
      // `in` and `not in` are followed by a list, `exists` by nothing.
      listNext = word.toLowerCase() === 'in';
    } else {
      let k = j;
      while (k < text.length && text[k] === ' ') k++;
      const followedByOperator = operatorAt(text, k) !== null || /^(not\s+)?(in|exists)\b/i.test(text.slice(k));
      push(followedByOperator ? 'field' : 'text', i, j);
    }
    i = j;
  }
  return out;
}
