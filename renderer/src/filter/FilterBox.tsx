// The filter box: the filter language (docs/filters.md). `/` focuses it from anywhere,
// Escape clears it.
import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../app/keyboard.js';
import type { FilterBoxState } from './use-filter-box.js';

export function FilterBox({ filter }: { filter: FilterBoxState }) {
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const error = filter.parsed.ok ? null : filter.parsed.error;
  return (
    <div className="filter-box">
      <input
        ref={input}
        type="search"
        className={error ? 'invalid' : undefined}
        data-testid="filter-input"
        aria-label="Filter events"
        aria-invalid={error !== null}
        aria-describedby={error ? 'filter-error' : undefined}
        placeholder='Filter: words  method=POST  path^=/stripe  status=5xx  body.type="invoice.paid"  header.x-github-event=push   ( / )'
        spellCheck={false}
        autoComplete="off"
        value={filter.text}
        onChange={(e) => filter.setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            filter.setText('');
            e.currentTarget.blur();
          } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
            e.currentTarget.blur(); // back to the list's keyboard
          }
        }}
      />
      {error ? (
        <p id="filter-error" className="filter-error" role="alert" data-testid="filter-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
