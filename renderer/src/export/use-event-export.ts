// The export state of the events view: the chosen format (remembered), and exporting either
// a list of ids or every event a query matches, with the last error.
import { useCallback, useState } from 'react';
import type { EventQuery, LocalEndpoint } from '../../../protocol/desktop-api.js';
import { type ExportFormat, isExportFormat } from '../../../protocol/export/export-format.js';
import { errorMessage, type PortholeApi } from '../api/porthole-api.js';
import { exportAsDownload, matchingIds } from './export-events.js';

const FORMAT_KEY = 'porthole.exportFormat';

function storedFormat(): ExportFormat {
  const value = globalThis.localStorage?.getItem(FORMAT_KEY) ?? '';
  return isExportFormat(value) ? value : 'json';
}

export function useEventExport(api: PortholeApi, endpoints: readonly LocalEndpoint[]) {
  const [format, setFormatState] = useState<ExportFormat>(storedFormat);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const setFormat = useCallback((next: ExportFormat) => {
    setFormatState(next);
    globalThis.localStorage?.setItem(FORMAT_KEY, next);
  }, []);

  const run = useCallback(
    async (ids: () => Promise<readonly string[]>) => {
      setBusy(true);
      try {
        const chosen = await ids();
        if (chosen.length > 0) await exportAsDownload(api, format, chosen, endpoints);
        setError(null);
      } catch (err) {
        setError(errorMessage(err));
      } finally {
        setBusy(false);
      }
    },
    [api, format, endpoints],
  );

  const exportEvents = useCallback((ids: string[]) => run(async () => ids), [run]);
  const exportQuery = useCallback((query: EventQuery) => run(() => matchingIds(api, query)), [run, api]);
  return { format, setFormat, exportEvents, exportQuery, error, busy };
}
