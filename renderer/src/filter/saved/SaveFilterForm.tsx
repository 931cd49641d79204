// Saves the filter in the box under a name: a button that opens to a name field.
import { useState } from 'react';
import { errorMessage } from '../../api/porthole-api.js';
import type { SavedFiltersState } from './use-saved-filters.js';

export function SaveFilterForm({ saved, filter }: { saved: SavedFiltersState; filter: string | null }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button
        type="button"
        data-testid="filter-save-open"
        disabled={!filter}
        title={filter ? 'Save this filter in the sidebar' : 'Type a filter first'}
        onClick={() => {
          setOpen(true);
          setError(null);
        }}
      >
        Save filter
      </button>
    );
  }
  const submit = async () => {
    if (!filter) return;
    try {
      await saved.save(name, filter);
      setOpen(false);
      setName('');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form
      className="save-filter"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <input
        data-testid="filter-save-name"
        aria-label="Name of the saved filter"
        className="save-filter-name"
        placeholder="Name"
        maxLength={100}
        value={name}
        onChange={(e) => setName(e.target.value)}
        // biome-ignore lint/a11y/noAutofocus: the name field is what the user opened this for.
        autoFocus
      />
      <button type="submit" className="primary" data-testid="filter-save" disabled={!name.trim()}>
        Save
      </button>
      <button type="button" className="small link" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error ? <span className="error">{error}</span> : null}
    </form>
  );
}
