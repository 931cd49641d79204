// Re-signing an (edited) replay with its endpoint's signature scheme and first secret, so the
// local handler's own signature check passes. Never sends unsigned silently: an endpoint that
// cannot sign is an error the caller sees.

import { DesktopApiError } from '../../protocol/desktop-api.js';
import type { DoorConfig } from '../../protocol/endpoint-door.js';
import { applySignedHeaders, SigningError, signRequest } from '../../protocol/signatures/index.js';

export interface ReplayRequest {
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  body: Buffer;
}

/** The URL the relay would have seen: the endpoint's public URL, the event's subpath and query. */
export function publicRequestUrl(endpointUrl: string, path: string, query: string): string {
  return `${endpointUrl}${path}${query ? `?${query}` : ''}`;
}

/** The raw query of a URL, without '?' or any fragment; '' when there is none. */
function rawQuery(url: string): string {
  const withoutFragment = url.split('#', 1)[0]!;
  const mark = withoutFragment.indexOf('?');
  return mark < 0 ? '' : withoutFragment.slice(mark + 1);
}

/** `request` with fresh signature headers (and, for Twilio's bodySHA256, the new query). */
export async function resignRequest(
  endpoint: { name: string; url: string | null },
  door: DoorConfig,
  request: ReplayRequest,
  now: number,
): Promise<ReplayRequest> {
  const check = door.signature?.check;
  if (!check) {
    throw new DesktopApiError(
      'invalid_params',
      `cannot re-sign: endpoint ${endpoint.name} has no signature check; set one or replay without re-signing`,
    );
  }
  // Only Twilio signs the URL, but every scheme gets the real one when it is known.
  if (endpoint.url === null && check.scheme === 'twilio') {
    throw new DesktopApiError('invalid_params', `cannot re-sign: endpoint ${endpoint.name} has no public URL yet`);
  }
  const url = publicRequestUrl(endpoint.url ?? 'http://porthole.invalid/h/unknown', request.path, request.query);
  let signed: Awaited<ReturnType<typeof signRequest>>;
  try {
    signed = await signRequest(
      check,
      { method: request.method, url, headers: request.headers, body: new Uint8Array(request.body) },
      now,
    );
  } catch (err) {
    if (err instanceof SigningError) throw new DesktopApiError('invalid_params', err.message);
    throw err;
  }
  return {
    ...request,
    headers: applySignedHeaders(request.headers, signed.headers),
    query: signed.url === undefined ? request.query : rawQuery(signed.url),
  };
}
