// The toolbar's export: a format choice and a button that exports the checked events, or
// every event the filter matches when none is checked.
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS } from '../../../protocol/export/export-format.js';
import { EXPORT_QUERY_CAP } from './export-events.js';
import type { useEventExport } from './use-event-export.js';

export function ExportControls({
  exporter,
  checkedCount,
  total,
  onExport,
}: {
  exporter: ReturnType<typeof useEventExport>;
  checkedCount: number;
  total: number;
  onExport(): void;
}) {
  const what = checkedCount > 0 ? `the ${checkedCount} checked events` : 'every event the filter matches';
  return (
    <span className="export-controls">
      <select
        data-testid="export-format"
        aria-label="Export format"
        value={exporter.format}
        onChange={(e) => exporter.setFormat(e.currentTarget.value as typeof exporter.format)}
      >
        {EXPORT_FORMATS.map((f) => (
          <option key={f} value={f}>
            {EXPORT_FORMAT_INFO[f].label}
          </option>
        ))}
      </select>
      <button
        type="button"
        data-testid="export-events"
        disabled={exporter.busy || (checkedCount === 0 && total === 0)}
        title={`Export ${what}${checkedCount > 0 ? '' : ` (up to ${EXPORT_QUERY_CAP})`} as ${EXPORT_FORMAT_INFO[exporter.format].label}`}
        onClick={onExport}
      >
        Export{checkedCount > 0 ? ` (${checkedCount})` : ' all'}
      </button>
    </span>
  );
}
