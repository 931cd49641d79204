// Export in the renderer: fetch the chosen events in full (the checked ones, or every event
// the filter matches, up to a cap), render them in a format from protocol/export, and save
// the text as a download.
import type { EventDetail, EventQuery, LocalEndpoint } from '../../../protocol/desktop-api.js';
import { EXPORT_FORMAT_INFO, type ExportFormat, renderExport } from '../../../protocol/export/export-format.js';
import type { PortholeApi } from '../api/porthole-api.js';

/** A filter's result is exported up to this many events; the CLI exports any number. */
export const EXPORT_QUERY_CAP = 5000;

export async function fetchEvents(api: PortholeApi, ids: readonly string[]): Promise<EventDetail[]> {
  const out: EventDetail[] = [];
  // One at a time: bodies can be large, and the engine answers each quickly.
  for (const id of ids) out.push(await api.invoke('events.get', { id }));
  return out;
}

/** The ids of every event `query` matches, oldest first, at most EXPORT_QUERY_CAP. */
export async function matchingIds(api: PortholeApi, query: EventQuery): Promise<string[]> {
  const ids: string[] = [];
  let before: string | undefined;
  do {
    const page = await api.invoke('events.list', { query, limit: 500, ...(before ? { before } : {}) });
    ids.push(...page.events.map((e) => e.id));
    before = page.nextBefore ?? undefined;
  } while (before && ids.length < EXPORT_QUERY_CAP);
  return ids.slice(0, EXPORT_QUERY_CAP).reverse();
}

export function renderForDownload(format: ExportFormat, events: EventDetail[], endpoints: readonly LocalEndpoint[]) {
  const urls = new Map(endpoints.map((e) => [e.id, e.url]));
  return renderExport(format, events, { baseUrlFor: (e) => urls.get(e.endpointId) ?? null });
}

export function downloadText(fileName: string, text: string, mimeType: string) {
  const blob = new Blob([text], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportFileName(format: ExportFormat, count: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const what = count === 1 ? 'event' : `${count}-events`;
  return `porthole-${what}-${stamp}.${EXPORT_FORMAT_INFO[format].extension}`;
}

export async function exportAsDownload(
  api: PortholeApi,
  format: ExportFormat,
  ids: readonly string[],
  endpoints: readonly LocalEndpoint[],
) {
  const events = await fetchEvents(api, ids);
  const text = renderForDownload(format, events, endpoints);
  downloadText(exportFileName(format, events.length), text, EXPORT_FORMAT_INFO[format].mimeType);
}
