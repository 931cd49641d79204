// The sidebar's saved filters, each with how many events it matches; a click puts it in the
// filter box.
import type { SavedFiltersState } from './use-saved-filters.js';

interface SavedFiltersSectionProps {
  saved: SavedFiltersState;
  current: string;
  onApply(filter: string): void;
}

export function SavedFiltersSection({ saved, current, onApply }: SavedFiltersSectionProps) {
  if (saved.filters.length === 0) return null;
  return (
    <section className="saved-filters" aria-label="Saved filters" data-testid="saved-filters">
      <h3 className="saved-filters-title">Saved filters</h3>
      <ul>
        {saved.filters.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              className={`saved-filter${f.filter === current ? ' selected' : ''}`}
              data-testid="saved-filter"
              title={f.filter}
              onClick={() => onApply(f.filter)}
            >
              <span className="name">{f.name}</span>
              <span className="count" data-testid="saved-filter-count">
                {saved.counts.get(f.id) ?? ''}
              </span>
            </button>
            <button
              type="button"
              className="small link remove"
              aria-label={`Delete saved filter ${f.name}`}
              onClick={() => void saved.remove(f.id).catch(() => {})}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
