// The builder under the filter box: edits the same filter as the text (every complete edit is
// printed into the box, and typing in the box re-reads the builder), shows how many events
// match, and tests the rule against a pasted sample.
import { useEffect, useRef, useState } from 'react';
import { type FilterExpr, MATCH_ALL } from '../../../protocol/filter/filter-ast.js';
import { checkFilter } from '../../../protocol/filter/filter-check.js';
import { printFilter } from '../../../protocol/filter/filter-printer.js';
import { FilterBuilder } from './builder/FilterBuilder.js';
import { SampleTest } from './builder/SampleTest.js';
import type { FilterBoxState } from './use-filter-box.js';

function complete(expr: FilterExpr): boolean {
  try {
    checkFilter(expr);
    return true;
  } catch {
    return false;
  }
}

export function FilterPanel({ filter, matching }: { filter: FilterBoxState; matching: number }) {
  const parsedExpr = filter.parsed.ok ? filter.parsed.expr : null;
  const [draft, setDraft] = useState<FilterExpr>(parsedExpr ?? MATCH_ALL);
  /** The text the builder printed last: the box showing it means the draft is current. */
  const printed = useRef<string | null>(null);
  /** Bumped when the box, not the builder, changed the filter: the rows start afresh. */
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (parsedExpr && filter.text !== printed.current) {
      setDraft(parsedExpr);
      setVersion((v) => v + 1);
    }
  }, [parsedExpr, filter.text]);

  const change = (next: FilterExpr) => {
    setDraft(next);
    if (!complete(next)) return; // a row still being filled in stays in the builder
    const text = printFilter(next);
    printed.current = text;
    filter.setText(text);
  };

  return (
    <section className="filter-panel" data-testid="filter-panel" aria-label="Filter builder">
      <FilterBuilder key={version} expr={draft} onChange={change} />
      <p className="muted" data-testid="builder-count">
        {filter.parsed.ok
          ? `${matching} ${matching === 1 ? 'event matches' : 'events match'}`
          : 'The filter has an error.'}
      </p>
      <SampleTest expr={complete(draft) ? draft : parsedExpr} />
    </section>
  );
}
