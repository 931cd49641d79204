// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) from stored events: one entry per
// event, the request as received, the response from the last forward attempt (status 0 and an
// empty content when none was made). HAR has no encoding for request bodies, so a body that is
// not UTF-8 text goes in postData.text as base64 with the extension field `_encoding: "base64"`
// (custom fields start with `_`, as the spec allows); response bodies use content.encoding.
import type { EventDetail, ForwardAttempt } from '../desktop-api.js';
import type { HeaderPair } from '../event.js';
import { base64Decode, base64Encode } from '../signatures/base64.js';
import { bytesAsText } from './body-text.js';
import { type BaseUrlFor, eventBody, eventUrl, FALLBACK_BASE_URL, headerValue } from './event-request.js';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarPostData {
  mimeType: string;
  text: string;
  _encoding?: 'base64';
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: HarPostData;
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string; encoding?: 'base64' };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
    _truncated?: boolean;
  };
  cache: Record<string, never>;
  timings: { blocked: -1; dns: -1; connect: -1; ssl: -1; send: number; wait: number; receive: number };
  /** Porthole's own fields, so an import recovers the exact path and query. */
  _porthole: {
    id: string;
    endpoint: string;
    path: string;
    query: string;
    sourceIp: string;
    replayOf: string | null;
  };
}

export interface HarLog {
  log: {
    version: '1.2';
    creator: { name: 'Porthole'; version: string };
    entries: HarEntry[];
  };
}

export interface HarOptions {
  baseUrlFor?: BaseUrlFor;
  creatorVersion?: string;
}

const pairs = (headers: readonly HeaderPair[]): HarNameValue[] => headers.map(([name, value]) => ({ name, value }));

function decodeQueryPart(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text; // not valid percent-encoding: keep it as sent
  }
}

/** The query as HAR lists it: decoded name/value pairs, in order (the URL keeps the raw form). */
export function harQueryString(query: string): HarNameValue[] {
  if (query === '') return [];
  return query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const [name, value] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    return { name: decodeQueryPart(name), value: decodeQueryPart(value) };
  });
}

export function harCookies(headers: readonly HeaderPair[]): HarNameValue[] {
  const cookie = headerValue(headers, 'cookie');
  if (!cookie) return [];
  return cookie
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => {
      const eq = c.indexOf('=');
      return eq < 0 ? { name: c, value: '' } : { name: c.slice(0, eq), value: c.slice(eq + 1) };
    });
}

function postData(event: EventDetail, body: Uint8Array): HarPostData | undefined {
  if (body.length === 0) return undefined;
  const mimeType = event.contentType ?? '';
  const text = bytesAsText(body);
  return text !== null ? { mimeType, text } : { mimeType, text: base64Encode(body), _encoding: 'base64' };
}

const NO_RESPONSE: HarEntry['response'] = {
  status: 0,
  statusText: '',
  httpVersion: '',
  cookies: [],
  headers: [],
  content: { size: 0, mimeType: 'x-unknown' },
  redirectURL: '',
  headersSize: -1,
  bodySize: -1,
};

function response(attempt: ForwardAttempt | undefined): HarEntry['response'] {
  if (!attempt) return NO_RESPONSE;
  const error = attempt.error ? { _error: `${attempt.error.kind}: ${attempt.error.message}` } : {};
  if (attempt.status === null) return { ...NO_RESPONSE, ...error };
  const body = base64Decode(attempt.responseBody) ?? new Uint8Array();
  const text = bytesAsText(body);
  const content: HarEntry['response']['content'] = {
    size: attempt.responseBodySize,
    mimeType: headerValue(attempt.responseHeaders, 'content-type') ?? 'x-unknown',
  };
  if (body.length > 0) {
    if (text !== null) content.text = text;
    else Object.assign(content, { text: attempt.responseBody, encoding: 'base64' as const });
  }
  return {
    status: attempt.status,
    statusText: '',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: pairs(attempt.responseHeaders),
    content,
    redirectURL: headerValue(attempt.responseHeaders, 'location') ?? '',
    headersSize: -1,
    bodySize: attempt.responseBodySize,
    ...error,
    ...(attempt.responseTruncated ? { _truncated: true } : {}),
  };
}

export function toHarEntry(event: EventDetail, options: HarOptions = {}): HarEntry {
  const body = eventBody(event);
  const attempt = event.attempts.at(-1);
  const wait = attempt ? Math.max(0, attempt.durationMs) : 0;
  const data = postData(event, body);
  return {
    startedDateTime: event.receivedAt,
    time: wait,
    request: {
      method: event.method,
      url: eventUrl(options.baseUrlFor?.(event) ?? FALLBACK_BASE_URL, event),
      httpVersion: 'HTTP/1.1',
      cookies: harCookies(event.headers),
      headers: pairs(event.headers),
      queryString: harQueryString(event.query),
      ...(data ? { postData: data } : {}),
      headersSize: -1,
      bodySize: body.length,
    },
    response: response(attempt),
    cache: {},
    // The relay does not time the sender's upload; the wait is the local service's answer.
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive: 0 },
    _porthole: {
      id: event.id,
      endpoint: event.endpointName,
      path: event.path,
      query: event.query,
      sourceIp: event.sourceIp,
      replayOf: event.replayOf,
    },
  };
}

export function toHar(events: readonly EventDetail[], options: HarOptions = {}): HarLog {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Porthole', version: options.creatorVersion ?? '0.1.0' },
      entries: events.map((e) => toHarEntry(e, options)),
    },
  };
}
