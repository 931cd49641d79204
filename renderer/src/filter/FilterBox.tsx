// The filter box: the filter language (docs/filters.md), coloured as you type, with the
// spot of an error underlined, completion of fields, header names and body paths seen in
// recent events, and your recent filters. `/` focuses it from anywhere; Escape closes the
// suggestions, then clears the box.
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { isTypingTarget } from '../app/keyboard.js';
import { applyCompletion, type Completion, completionAt } from './filter-completion.js';
import { filterTokens } from './filter-tokens.js';
import type { FilterBoxState } from './use-filter-box.js';
import { useFilterHints } from './use-filter-hints.js';

interface Suggestions {
  kind: 'complete' | 'history';
  completion: Completion;
}

export function FilterBox({ filter }: { filter: FilterBoxState }) {
  const input = useRef<HTMLInputElement>(null);
  const overlay = useRef<HTMLDivElement>(null);
  const [caret, setCaret] = useState(0);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(0);
  const hints = useFilterHints(focused);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const suggestions = useMemo((): Suggestions | null => {
    if (!focused || dismissed) return null;
    if (filter.text.trim() === '') {
      return filter.history.length
        ? {
            kind: 'history',
            completion: { start: 0, end: filter.text.length, suggestions: filter.history.slice(0, 8) },
          }
        : null;
    }
    const completion = completionAt(filter.text, caret, hints);
    return completion ? { kind: 'complete', completion } : null;
  }, [focused, dismissed, filter.text, filter.history, caret, hints]);

  const error = filter.parsed.ok ? null : filter.parsed;
  const tokens = useMemo(() => filterTokens(filter.text), [filter.text]);

  const accept = (choice: string) => {
    if (!suggestions) return;
    const next = applyCompletion(filter.text, suggestions.completion, choice);
    filter.setText(next.text);
    setActive(0);
    requestAnimationFrame(() => {
      input.current?.setSelectionRange(next.caret, next.caret);
      setCaret(next.caret);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const list = suggestions?.completion.suggestions ?? [];
    if (list.length > 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length);
      return;
    }
    if (list.length > 0 && (e.key === 'Tab' || (e.key === 'Enter' && suggestions?.kind === 'complete'))) {
      e.preventDefault();
      accept(list[Math.min(active, list.length - 1)]!);
      return;
    }
    if (e.key === 'Escape') {
      if (list.length > 0) setDismissed(true);
      else {
        filter.setText('');
        e.currentTarget.blur();
      }
    } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
      filter.remember();
      e.currentTarget.blur(); // back to the list's keyboard
    }
  };

  return (
    <div className="filter-box">
      <div className={`filter-field${error ? ' invalid' : ''}`}>
        <div className="filter-highlight" ref={overlay} aria-hidden="true" data-testid="filter-highlight">
          {tokens.map((t) => {
            const marked = error && error.position >= t.start && error.position < t.end;
            return (
              <span key={t.start} className={`tok-${t.kind}${marked ? ' error-at' : ''}`}>
                {filter.text.slice(t.start, t.end)}
              </span>
            );
          })}
          {error && error.position >= filter.text.length ? <span className="error-at end"> </span> : null}
        </div>
        <input
          ref={input}
          type="search"
          role="combobox"
          data-testid="filter-input"
          aria-label="Filter events"
          aria-invalid={error !== null}
          aria-describedby={error ? 'filter-error' : undefined}
          aria-autocomplete="list"
          aria-expanded={suggestions !== null}
          aria-controls="filter-suggestions"
          aria-activedescendant={suggestions ? `filter-suggestion-${active}` : undefined}
          placeholder='Filter: words  method=POST  path^=/stripe  status=5xx  body.type="invoice.paid"  header.x-github-event=push   ( / )'
          spellCheck={false}
          autoComplete="off"
          value={filter.text}
          onChange={(e) => {
            filter.setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setDismissed(false);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onScroll={(e) => {
            if (overlay.current) overlay.current.scrollLeft = e.currentTarget.scrollLeft;
          }}
          onFocus={() => {
            setFocused(true);
            setDismissed(false);
          }}
          onBlur={() => {
            setFocused(false);
            filter.remember();
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {suggestions ? (
        <div className="filter-suggestions" id="filter-suggestions" role="listbox" data-testid="filter-suggestions">
          {suggestions.kind === 'history' ? <div className="muted heading">Recent filters</div> : null}
          {suggestions.completion.suggestions.map((s, i) => (
            <div
              key={s}
              id={`filter-suggestion-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              data-testid="filter-suggestion"
              // mousedown, not click: the input must not lose focus first.
              onMouseDown={(e) => {
                e.preventDefault();
                accept(s);
              }}
            >
              {s}
            </div>
          ))}
        </div>
      ) : null}
      {error ? (
        <p id="filter-error" className="filter-error" role="alert" data-testid="filter-error">
          {error.error}
        </p>
      ) : null}
    </div>
  );
}
