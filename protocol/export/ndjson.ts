// NDJSON: one event per line, in full (headers, body as base64, forward attempts) — the shape
// `porthole events export` has always printed, so scripts reading it keep working.
import type { EventDetail } from '../desktop-api.js';

export function toNdjsonLine(event: EventDetail): string {
  return `${JSON.stringify(event)}\n`;
}

export function toNdjson(events: readonly EventDetail[]): string {
  return events.map(toNdjsonLine).join('');
}
