// The filter box's helpers: colouring runs, completion at the caret, and the history.
import { describe, expect, it } from 'vitest';
import { applyCompletion, completionAt, EMPTY_HINTS } from '../../renderer/src/filter/filter-completion.js';
import { readFilterHistory, rememberFilter } from '../../renderer/src/filter/filter-history.js';
import { filterTokens } from '../../renderer/src/filter/filter-tokens.js';

const runs = (text: string) =>
  filterTokens(text)
    .filter((t) => t.kind !== 'space')
    .map((t) => `${t.kind}:${text.slice(t.start, t.end)}`);

describe('filterTokens', () => {
  it('covers every character exactly once', () => {
    const text = 'method=POST (status = 5xx or "two words") body.n~/a b+/i $.x$=.json';
    const tokens = filterTokens(text);
    expect(tokens.map((t) => text.slice(t.start, t.end)).join('')).toBe(text);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]!.start).toBe(tokens[i - 1]!.end);
  });

  it('tells fields, operators, values, keywords, regexes and search words apart', () => {
    expect(runs('method=POST status = 5xx invoice')).toEqual([
      'field:method',
      'op:=',
      'value:POST',
      'field:status',
      'op:=',
      'value:5xx',
      'text:invoice',
    ]);
    expect(runs('body.type="a b" not header.x exists')).toEqual([
      'field:body.type',
      'op:=',
      'string:"a b"',
      'keyword:not',
      'field:header.x',
      'keyword:exists',
    ]);
    expect(runs('body.n~/a b+/i path^=/stripe $.data.id$=_1')).toEqual([
      'field:body.n',
      'op:~',
      'regex:/a b+/i',
      'field:path',
      'op:^=',
      'value:/stripe',
      'field:$.data.id',
      'op:$=',
      'value:_1',
    ]);
    expect(runs('method in (POST, "PUT")')).toEqual([
      'field:method',
      'keyword:in',
      'punct:(',
      'value:POST',
      'punct:,',
      'string:"PUT"',
      'punct:)',
    ]);
  });

  it('still colours unfinished input', () => {
    expect(runs('body.x="open')).toEqual(['field:body.x', 'op:=', 'string:"open']);
    expect(runs('status=')).toEqual(['field:status', 'op:=']);
  });
});

describe('completionAt', () => {
  const hints = {
    headers: ['x-github-event', 'content-type'],
    queryParams: ['delivery'],
    bodyPaths: ['body.data', 'body.data.object', 'body.data.object.amount'],
    endpoints: ['shop', 'my app'],
  };

  it('completes fields, headers, query parameters and body paths at the caret', () => {
    expect(completionAt('sta', 3, EMPTY_HINTS)?.suggestions).toEqual(['status']);
    expect(completionAt('method=POST header.x', 20, hints)).toEqual({
      start: 12,
      end: 20,
      suggestions: ['header.x-github-event'],
    });
    expect(completionAt('query.', 6, hints)?.suggestions).toEqual(['query.delivery']);
    expect(completionAt('body.data.o', 11, hints)?.suggestions).toEqual([
      'body.data.object',
      'body.data.object.amount',
    ]);
    expect(completionAt('$.data.o', 8, hints)?.suggestions).toEqual(['$.data.object', '$.data.object.amount']);
  });

  it('completes endpoint names after endpoint=, quoting where needed', () => {
    expect(completionAt('endpoint=', 9, hints)?.suggestions).toEqual(['shop', '"my app"']);
    expect(completionAt('endpoint=s', 10, hints)).toEqual({ start: 9, end: 10, suggestions: ['shop'] });
  });

  it('offers nothing inside a value, a quote or for an unknown start', () => {
    expect(completionAt('status=5', 8, hints)).toBeNull();
    expect(completionAt('"head', 5, hints)).toBeNull();
    expect(completionAt('zzz', 3, hints)).toBeNull();
    expect(completionAt('', 0, hints)).toBeNull();
  });

  it('applies a choice over the whole word and puts the caret after it', () => {
    const text = 'method=POST header.x-gi rest';
    const c = completionAt(text, 22, hints)!;
    expect(applyCompletion(text, c, 'header.x-github-event')).toEqual({
      text: 'method=POST header.x-github-event rest',
      caret: 33,
    });
  });
});

describe('filter history', () => {
  const memory = () => {
    const data = new Map<string, string>();
    return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
  };
  it('keeps the newest first, once each, at most 20', () => {
    const storage = memory();
    rememberFilter('a', storage);
    rememberFilter('b', storage);
    expect(rememberFilter('a', storage)).toEqual(['a', 'b']);
    for (let i = 0; i < 30; i++) rememberFilter(`f${i}`, storage);
    const history = readFilterHistory(storage);
    expect(history).toHaveLength(20);
    expect(history[0]).toBe('f29');
    expect(rememberFilter('   ', storage)).toEqual(history);
  });
  it('reads damaged storage as empty', () => {
    expect(readFilterHistory({ getItem: () => '{not json' })).toEqual([]);
    expect(readFilterHistory({ getItem: () => '{"a":1}' })).toEqual([]);
  });
});
