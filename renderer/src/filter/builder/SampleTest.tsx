// "Test against": runs the filter over a pasted sample request, so a rule can be checked
// before any real webhook arrives.
import { useMemo, useState } from 'react';
import type { FilterExpr } from '../../../../protocol/filter/filter-ast.js';
import { compileFilter } from '../../../../protocol/filter/filter-evaluator.js';
import { EMPTY_SAMPLE, type Sample, sampleEvent } from './sample-event.js';

export function SampleTest({ expr }: { expr: FilterExpr | null }) {
  const [sample, setSample] = useState<Sample>(EMPTY_SAMPLE);
  const result = useMemo(() => {
    if (!expr) return null;
    try {
      return compileFilter(expr)(sampleEvent(sample, Date.now()));
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }, [expr, sample]);
  const set = (patch: Partial<Sample>) => setSample((s) => ({ ...s, ...patch }));
  return (
    <details className="sample-test" data-testid="sample-test">
      <summary>Test against a sample</summary>
      <div className="row">
        <input aria-label="Sample method" value={sample.method} onChange={(e) => set({ method: e.target.value })} />
        <input
          aria-label="Sample path and query"
          data-testid="sample-target"
          value={sample.target}
          onChange={(e) => set({ target: e.target.value })}
        />
      </div>
      <textarea
        aria-label="Sample headers, one per line"
        data-testid="sample-headers"
        rows={2}
        spellCheck={false}
        value={sample.headers}
        onChange={(e) => set({ headers: e.target.value })}
      />
      <textarea
        aria-label="Sample body"
        data-testid="sample-body"
        rows={5}
        spellCheck={false}
        value={sample.body}
        onChange={(e) => set({ body: e.target.value })}
      />
      <p
        data-testid="sample-result"
        data-matches={result === true ? 'true' : result === false ? 'false' : undefined}
        className={result === true ? 'verdict ok' : 'verdict bad'}
      >
        {result === null
          ? 'Fix the filter first.'
          : result === true
            ? '✓ The filter matches this sample.'
            : result === false
              ? '✗ The filter does not match this sample.'
              : result}
      </p>
    </details>
  );
}
