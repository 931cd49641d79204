// Import: a HAR, Porthole JSON fixtures or NDJSON file becomes events of the selected
// endpoint, ready to replay. The engine reads the file and says what was wrong with it.
import { useRef, useState } from 'react';
import { useApi } from '../api/api-context.js';
import { errorMessage } from '../api/porthole-api.js';

export function ImportButton({ endpointId }: { endpointId: string | null }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const importFile = async (file: File) => {
    if (!endpointId) return;
    setStatus({ ok: true, text: `Importing ${file.name}…` });
    try {
      const result = await api.invoke('events.importFile', { endpointId, text: await file.text() });
      setStatus({
        ok: true,
        text: `Imported ${result.imported} event${result.imported === 1 ? '' : 's'} (${result.format})`,
      });
    } catch (err) {
      setStatus({ ok: false, text: `${file.name}: ${errorMessage(err)}` });
    }
  };

  return (
    <span className="import-control">
      <button
        type="button"
        data-testid="import-open"
        disabled={!endpointId}
        title={
          endpointId ? 'Import a HAR, JSON fixtures or NDJSON file into this endpoint' : 'Choose an endpoint first'
        }
        onClick={() => input.current?.click()}
      >
        Import…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="import-file"
        accept=".har,.json,.ndjson,application/json"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // the same file can be chosen again
          if (file) void importFile(file);
        }}
      />
      {status ? (
        <span className={status.ok ? 'muted' : 'error'} role="status" data-testid="import-status">
          {status.text}
        </span>
      ) : null}
    </span>
  );
}
