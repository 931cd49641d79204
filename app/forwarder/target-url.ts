// Where an event goes: the target URL combined with the event's subpath and query.
// The event's path and query are joined as raw strings, never decoded or re-encoded,
// so whatever the sender put in the URL reaches the local service unchanged.

export type PathMode = 'append' | 'fixed';

/** A URL split as raw strings; query is undefined when there is no '?'. */
interface RawUrlParts {
  origin: string;
  path: string;
  query: string | undefined;
}

// scheme://authority, then path, then ?query, then #fragment (never sent, so dropped).
const RAW_URL = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)(?:\?([^#]*))?/i;

function splitRawUrl(url: string): RawUrlParts {
  const match = RAW_URL.exec(url);
  if (!match) throw new TypeError(`not an absolute URL: ${url}`);
  return { origin: match[1]!, path: match[2]!, query: match[3] };
}

function joinPaths(base: string, subpath: string): string {
  if (subpath === '') return base;
  // Exactly one slash between the target's path and the event's subpath.
  return `${base.replace(/\/+$/, '')}/${subpath.replace(/^\/+/, '')}`;
}

function joinQueries(base: string | undefined, extra: string): string | undefined {
  if (extra === '') return base;
  return base ? `${base}&${extra}` : extra;
}

/**
 * The URL an event is sent to. 'append' adds the event's subpath to the target's path and
 * its query after any query the target already has; 'fixed' uses the target URL as is.
 */
export function buildTargetUrl(targetUrl: string, pathMode: PathMode, path: string, query: string): string {
  if (pathMode === 'fixed') return targetUrl;
  const parts = splitRawUrl(targetUrl);
  const joinedQuery = joinQueries(parts.query, query);
  return `${parts.origin}${joinPaths(parts.path, path)}${joinedQuery === undefined ? '' : `?${joinedQuery}`}`;
}

export interface RequestAddress {
  protocol: 'http:' | 'https:';
  /** For the socket: no brackets around an IPv6 address. */
  hostname: string;
  port: number;
  /** For the Host header: hostname and any non-default port, as the URL spells it. */
  host: string;
  /** The request line's target: the raw path (at least '/') and query, as in the URL. */
  requestTarget: string;
}

/**
 * Splits a target URL into what node:http needs. Only the origin goes through the URL
 * parser; the request target is sliced from the raw string so nothing is re-encoded.
 */
export function parseRequestAddress(url: string): RequestAddress {
  const parts = splitRawUrl(url);
  const origin = new URL(parts.origin);
  if (origin.protocol !== 'http:' && origin.protocol !== 'https:') {
    throw new TypeError(`unsupported protocol ${origin.protocol} in ${url}`);
  }
  const defaultPort = origin.protocol === 'https:' ? 443 : 80;
  return {
    protocol: origin.protocol,
    hostname: origin.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: origin.port === '' ? defaultPort : Number(origin.port),
    host: origin.host,
    requestTarget: `${parts.path || '/'}${parts.query === undefined ? '' : `?${parts.query}`}`,
  };
}
