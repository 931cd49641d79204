// Accept only: the webhooks a filter (the filter language) matches. The rest are refused
// (422), kept flagged, or answered as accepted and kept without forwarding (skip).
import type { DoorFilter } from '../../../../protocol/endpoint-door.js';
import type { DoorDraft } from './door-draft.js';

interface FilterSectionProps {
  draft: DoorDraft;
  onChange(patch: Partial<DoorDraft>): void;
}

const MODES: [DoorFilter['onMiss'], string][] = [
  ['skip', 'Answer as accepted, keep it, do not forward it'],
  ['flag', 'Store and forward it, flagged'],
  ['reject', 'Refuse it (422)'],
];

export function FilterSection({ draft, onChange }: FilterSectionProps) {
  return (
    <section className="door-section" aria-label="Accept only">
      <h3>Accept only</h3>
      <label className="door-field">
        Webhooks this filter matches (empty: every webhook)
        <input
          data-testid="door-filter"
          className="mono"
          spellCheck={false}
          placeholder="body.type^=invoice. or header.x-github-event in (push, pull_request)"
          value={draft.filterText}
          onChange={(e) => onChange({ filterText: e.target.value })}
        />
      </label>
      {draft.filterText.trim() ? (
        <label className="door-field">
          Any other webhook
          <select
            data-testid="door-filter-onmiss"
            value={draft.filterOnMiss}
            onChange={(e) => onChange({ filterOnMiss: e.target.value as DoorFilter['onMiss'] })}
          >
            {MODES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </section>
  );
}
