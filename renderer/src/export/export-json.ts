// "Export as JSON": the chosen events in full (headers, exact body as base64 plus text
// when it is text, forward attempts), saved as a download.
import type { EventDetail } from '../../../protocol/desktop-api.js';
import type { PortholeApi } from '../api/porthole-api.js';
import { base64ToBytes } from '../bytes/base64.js';
import { bytesAsText } from '../bytes/body-text.js';

export interface ExportedEvent extends EventDetail {
  bodyText: string | null;
}

export async function fetchForExport(api: PortholeApi, ids: readonly string[]): Promise<ExportedEvent[]> {
  const out: ExportedEvent[] = [];
  // One at a time: bodies can be large, and the engine answers each quickly.
  for (const id of ids) {
    const event = await api.invoke('events.get', { id });
    out.push({ ...event, bodyText: bytesAsText(base64ToBytes(event.body)) });
  }
  return out;
}

export function downloadJson(fileName: string, value: unknown) {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportFileName(count: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return `porthole-${count === 1 ? 'event' : `${count}-events`}-${stamp}.json`;
}
