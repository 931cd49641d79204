// Which event the template previews render against: one of the recent events, or none
// (as for an alert about no event in particular, like silence).
import { formatReceived, pathWithQuery } from '../events/format.js';
import type { PreviewEventState } from './use-preview-event.js';

export function PreviewEventPicker({ preview }: { preview: PreviewEventState }) {
  return (
    <label className="alert-field inline">
      Preview with
      <select
        data-testid="rule-preview-event"
        value={preview.chosenId ?? ''}
        onChange={(e) => preview.choose(e.target.value || null)}
      >
        <option value="">no event</option>
        {preview.recent.map((e) => (
          <option key={e.id} value={e.id}>
            {formatReceived(e.receivedAt)} {e.endpointName} {e.method} {pathWithQuery(e)}
          </option>
        ))}
      </select>
      {preview.error ? <span className="error">{preview.error}</span> : null}
    </label>
  );
}
