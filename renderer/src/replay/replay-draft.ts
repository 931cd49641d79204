// The replay editor's fields as text, and back into ReplayEdits carrying only what the
// user changed, so an untouched replay sends the original bytes exactly. Pure.
import type { EventDetail, ReplayEdits } from '../../../protocol/desktop-api.js';
import type { HeaderPair } from '../../../protocol/event.js';
import { base64ToBytes, bytesToBase64, utf8ToBase64 } from '../bytes/base64.js';
import { bytesAsText } from '../bytes/body-text.js';

export type BodyMode = 'text' | 'hex';

export interface ReplayDraft {
  method: string;
  /** Path and query as one field: `/orders?x=1`. */
  target: string;
  headers: string;
  body: string;
  bodyMode: BodyMode;
}

export function draftFromEvent(
  event: Pick<EventDetail, 'method' | 'path' | 'query' | 'headers' | 'body'>,
): ReplayDraft {
  const bytes = base64ToBytes(event.body);
  const text = bytesAsText(bytes);
  return {
    method: event.method,
    target: event.query ? `${event.path}?${event.query}` : event.path,
    headers: headersToText(event.headers),
    body: text ?? bytesToHex(bytes),
    bodyMode: text === null ? 'hex' : 'text',
  };
}

export function headersToText(headers: readonly HeaderPair[]): string {
  return headers.map(([n, v]) => `${n}: ${v}`).join('\n');
}

/** One `Name: value` per line; blank lines are skipped. */
export function parseHeaders(text: string): HeaderPair[] | { error: string } {
  const headers: HeaderPair[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      return { error: `header line ${i + 1} needs the form "Name: value"` };
    }
    headers.push([name, line.slice(colon + 1).replace(/^[ \t]+/, '')]);
  }
  return headers;
}

export function bytesToHex(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 32) {
    lines.push(Array.from(bytes.subarray(i, i + 32), (b) => b.toString(16).padStart(2, '0')).join(' '));
  }
  return lines.join('\n');
}

export function hexToBytes(hex: string): Uint8Array | { error: string } {
  const digits = hex.replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length % 2 !== 0) {
    return { error: 'the hex body needs pairs of hex digits (spaces and new lines are ignored)' };
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Only the fields that differ from `original`; an error if one does not parse. */
export function editsFromDraft(original: ReplayDraft, draft: ReplayDraft): ReplayEdits | { error: string } {
  const edits: ReplayEdits = {};
  const method = draft.method.trim().toUpperCase();
  if (method !== original.method.toUpperCase()) {
    if (!/^[A-Z]{1,20}$/.test(method)) return { error: 'the method must be letters only, e.g. POST' };
    edits.method = method;
  }
  if (draft.target !== original.target) {
    const target = draft.target.trim();
    if (target !== '' && !target.startsWith('/')) return { error: 'the path must start with /' };
    const mark = target.indexOf('?');
    edits.path = mark === -1 ? target : target.slice(0, mark);
    edits.query = mark === -1 ? '' : target.slice(mark + 1);
  }
  if (draft.headers !== original.headers) {
    const headers = parseHeaders(draft.headers);
    if ('error' in headers) return headers;
    edits.headers = headers;
  }
  if (draft.body !== original.body) {
    if (draft.bodyMode === 'text') edits.body = utf8ToBase64(draft.body);
    else {
      const bytes = hexToBytes(draft.body);
      if ('error' in bytes) return bytes;
      edits.body = bytesToBase64(bytes);
    }
  }
  return edits;
}
