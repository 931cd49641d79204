// What every export reads from a stored event: its URL under a base, and its body bytes.
import type { EventDetail } from '../desktop-api.js';
import { base64Decode } from '../signatures/base64.js';

/** Where an exported request goes: the endpoint's public URL, or a local target, per event. */
export type BaseUrlFor = (event: EventDetail) => string | null;

/** Used when no base URL is known (an endpoint the relay has not given a URL yet). */
export const FALLBACK_BASE_URL = 'http://localhost';

export function eventUrl(base: string, event: Pick<EventDetail, 'path' | 'query'>): string {
  const root = event.path.startsWith('/') ? base.replace(/\/+$/, '') : base;
  return `${root}${event.path}${event.query ? `?${event.query}` : ''}`;
}

export function eventBody(event: Pick<EventDetail, 'body'>): Uint8Array {
  const bytes = base64Decode(event.body);
  if (!bytes) throw new Error('the event body is not base64');
  return bytes;
}

export function headerValue(headers: readonly (readonly [string, string])[], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1] ?? null;
}
