// How list and detail show sizes, times and forward results.
import type { EventSummary } from '../../../protocol/desktop-api.js';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

/** Time of day for today's events, with the date before that. */
export function formatReceived(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const time = `${timeFormat.format(date)}.${String(date.getMilliseconds()).padStart(3, '0')}`;
  return date.toDateString() === now.toDateString() ? time : `${dateFormat.format(date)} ${time}`;
}

export type ForwardTone = 'ok' | 'warn' | 'error' | 'none';

/** The last local forward in a word: the status code, "error", or a dash when none ran. */
export function forwardResult(event: Pick<EventSummary, 'lastStatus' | 'lastError' | 'outcome'>): {
  label: string;
  tone: ForwardTone;
} {
  if (event.outcome === 'rejected') return { label: 'rejected', tone: 'error' };
  if (event.lastError !== null) return { label: 'error', tone: 'error' };
  if (event.lastStatus === null) return { label: '—', tone: 'none' };
  const s = event.lastStatus;
  return { label: String(s), tone: s < 300 ? 'ok' : s < 500 ? 'warn' : 'error' };
}

export function pathWithQuery(event: Pick<EventSummary, 'path' | 'query'>): string {
  const path = event.path || '/';
  return event.query ? `${path}?${event.query}` : path;
}
