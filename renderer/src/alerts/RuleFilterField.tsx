// A rule's filter, in the filter language exactly as the filter box reads it: typed text
// checked as it is typed (the error shown with its position), or built as rows with the
// same builder as the events view; each complete edit in the builder is printed into the text.
import { useState } from 'react';
import { type FilterExpr, MATCH_ALL } from '../../../protocol/filter/filter-ast.js';
import { checkFilter } from '../../../protocol/filter/filter-check.js';
import { printFilter } from '../../../protocol/filter/filter-printer.js';
import { FilterBuilder } from '../filter/builder/FilterBuilder.js';
import { parseFilterBox } from '../filter/parse-filter-box.js';

function complete(expr: FilterExpr): boolean {
  try {
    checkFilter(expr);
    return true;
  } catch {
    return false;
  }
}

interface RuleFilterFieldProps {
  value: string;
  onChange(text: string): void;
  label: string;
  placeholder: string;
}

export function RuleFilterField({ value, onChange, label, placeholder }: RuleFilterFieldProps) {
  const parsed = parseFilterBox(value);
  const [builder, setBuilder] = useState<{ expr: FilterExpr; version: number } | null>(null);

  const openBuilder = () => setBuilder({ expr: parsed.ok ? parsed.expr : MATCH_ALL, version: Date.now() });
  const typed = (text: string) => {
    onChange(text);
    // The rows start afresh from what was typed, when it reads.
    const next = parseFilterBox(text);
    if (builder && next.ok) setBuilder({ expr: next.expr, version: builder.version + 1 });
  };
  const built = (expr: FilterExpr) => {
    setBuilder((b) => (b ? { ...b, expr } : b));
    if (complete(expr)) onChange(printFilter(expr));
  };

  return (
    <div className="alert-field">
      <label className="alert-field">
        {label}
        <span className="row">
          <input
            className="mono alert-filter-input"
            data-testid="rule-filter"
            spellCheck={false}
            aria-invalid={!parsed.ok}
            placeholder={placeholder}
            value={value}
            onChange={(e) => typed(e.target.value)}
          />
          <button
            type="button"
            className="small"
            data-testid="rule-filter-builder"
            aria-pressed={builder !== null}
            onClick={() => (builder ? setBuilder(null) : openBuilder())}
          >
            Builder
          </button>
        </span>
      </label>
      {parsed.ok ? null : (
        <p className="error" data-testid="rule-filter-error">
          {parsed.error} (at {parsed.position + 1})
        </p>
      )}
      {builder ? <FilterBuilder key={builder.version} expr={builder.expr} onChange={built} /> : null}
    </div>
  );
}
