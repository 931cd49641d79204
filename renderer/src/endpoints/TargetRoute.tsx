// A target's routing filter: which events it gets, in the filter language (for example
// `body.type="invoice.paid"` to one service and `not body.type="invoice.paid"` to another).
import { useState } from 'react';
import type { Target } from '../../../protocol/desktop-api.js';
import { FilterError } from '../../../protocol/filter/filter-error.js';
import { parseFilter } from '../../../protocol/filter/filter-parser.js';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

function problem(text: string): string | null {
  if (!text.trim()) return null;
  try {
    parseFilter(text);
    return null;
  } catch (err) {
    return err instanceof FilterError ? err.message : String(err);
  }
}

export function TargetRoute({ target, onSaved }: { target: Target; onSaved(): void }) {
  const api = useApi();
  const current = target.filter.expression ?? '';
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (draft === null) {
    return (
      <div className="target-route">
        <span className="muted" data-testid="target-route">
          {current ? (
            <>
              only <code>{current}</code>
            </>
          ) : (
            'every event'
          )}
        </span>
        <button type="button" className="small link" data-testid="target-route-edit" onClick={() => setDraft(current)}>
          Route…
        </button>
      </div>
    );
  }
  const bad = problem(draft);
  const save = async () => {
    const { expression: _old, ...rest } = target.filter;
    const filter = draft.trim() ? { ...rest, expression: draft.trim() } : rest;
    try {
      await api.invoke('targets.update', { id: target.id, filter });
      setDraft(null);
      setError(null);
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form
      className="target-route editing"
      onSubmit={(e) => {
        e.preventDefault();
        if (!bad) void save();
      }}
    >
      <input
        data-testid="target-route-input"
        aria-label="Only events matching"
        aria-invalid={bad !== null}
        placeholder='body.type="invoice.paid"   (empty: every event)'
        spellCheck={false}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit" className="small" data-testid="target-route-save" disabled={bad !== null}>
        Save
      </button>
      <button type="button" className="small link" onClick={() => setDraft(null)}>
        Cancel
      </button>
      {bad || error ? <p className="error">{bad ?? error}</p> : null}
    </form>
  );
}
