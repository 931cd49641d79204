// The box's text, its parse, and the query the list uses: applied after a short pause in
// typing, and only while the text parses (a bad filter leaves the last good query showing).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { readFilterHistory, rememberFilter } from './filter-history.js';
import { type FilterQuery, filterKey, type ParsedFilter, parseFilterBox } from './parse-filter-box.js';

/** Short enough to feel immediate, long enough to skip most keystrokes' queries. */
const DEBOUNCE_MS = 60;

export interface FilterBoxState {
  text: string;
  setText(text: string): void;
  parsed: ParsedFilter;
  query: FilterQuery;
  queryKey: string;
  /** Recent filters, newest first. */
  history: readonly string[];
  /** Keeps the current text in the history, when it parses. */
  remember(): void;
}

export function useFilterBox(): FilterBoxState {
  const [text, setText] = useState('');
  const parsed = useMemo(() => parseFilterBox(text), [text]);
  const [applied, setApplied] = useState<{ query: FilterQuery; key: string }>({ query: {}, key: filterKey({}) });
  const [history, setHistory] = useState<readonly string[]>(() => readFilterHistory());

  useEffect(() => {
    if (!parsed.ok) return;
    const key = filterKey(parsed.query);
    if (key === applied.key) return;
    const timer = setTimeout(() => setApplied({ query: parsed.query, key }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [parsed, applied.key]);

  const remember = useCallback(() => {
    if (parsed.ok && text.trim()) setHistory(rememberFilter(text));
  }, [parsed, text]);

  return { text, setText, parsed, query: applied.query, queryKey: applied.key, history, remember };
}
