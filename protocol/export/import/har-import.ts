// HAR 1.2 into requests: what a replay needs from each entry's request (method, URL, header
// lines, postData). The path and query come from Porthole's `_porthole` fields when the file
// is one of ours, else from the URL, less a relay's `/h/{key}` prefix.
import { type Static, Type } from '@sinclair/typebox';
import { base64Decode } from '../../signatures/base64.js';
import { validator } from '../../validator.js';
import { type ImportedRequest, parseOrImportError } from './imported-request.js';

const NameValue = Type.Object({ name: Type.String(), value: Type.String() }, { additionalProperties: true });

const HarRequest = Type.Object(
  {
    method: Type.String(),
    url: Type.String({ maxLength: 20_000 }),
    headers: Type.Array(NameValue),
    postData: Type.Optional(
      Type.Object(
        {
          mimeType: Type.Optional(Type.String()),
          text: Type.Optional(Type.String()),
          params: Type.Optional(
            Type.Array(
              Type.Object({ name: Type.String(), value: Type.Optional(Type.String()) }, { additionalProperties: true }),
            ),
          ),
          encoding: Type.Optional(Type.String()),
          _encoding: Type.Optional(Type.String()),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

export const HarImportFile = Type.Object(
  {
    log: Type.Object(
      {
        version: Type.Optional(Type.String()),
        entries: Type.Array(
          Type.Object(
            {
              request: HarRequest,
              _porthole: Type.Optional(
                Type.Object(
                  { path: Type.String(), query: Type.String(), endpoint: Type.Optional(Type.String()) },
                  { additionalProperties: true },
                ),
              ),
            },
            { additionalProperties: true },
          ),
        ),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);
type HarImportFile = Static<typeof HarImportFile>;
type HarImportEntry = HarImportFile['log']['entries'][number];

const URL_PARTS = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)(?:\?([^#]*))?/;
const RELAY_PREFIX = /^\/h\/wh_[A-Za-z0-9]{32}(?=\/|$)/;

export function pathAndQueryOf(url: string): { path: string; query: string } {
  const parts = URL_PARTS.exec(url);
  if (!parts) throw new Error(`"${url.slice(0, 100)}" is not an absolute URL`);
  return { path: (parts[1] ?? '').replace(RELAY_PREFIX, ''), query: parts[2] ?? '' };
}

function bodyOf(postData: HarImportEntry['request']['postData']): Uint8Array {
  if (!postData) return new Uint8Array();
  const encoding = postData._encoding ?? postData.encoding;
  if (postData.text !== undefined) {
    if (encoding === undefined) return new TextEncoder().encode(postData.text);
    if (encoding !== 'base64') throw new Error(`unknown postData encoding "${encoding}"`);
    const bytes = base64Decode(postData.text.replace(/\s+/g, ''));
    if (!bytes) throw new Error('postData.text is not base64');
    return bytes;
  }
  // Only params (a form): send them urlencoded, in order.
  const form = (postData.params ?? [])
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(p.value ?? '')}`)
    .join('&');
  return new TextEncoder().encode(form);
}

function toRequest(entry: HarImportEntry): ImportedRequest {
  const { request } = entry;
  const target = entry._porthole ?? pathAndQueryOf(request.url);
  return {
    method: request.method,
    path: target.path,
    query: target.query,
    // HTTP/2 pseudo-headers (:authority, :path…) from a browser's HAR are not header lines.
    headers: request.headers.filter((h) => !h.name.startsWith(':')).map((h) => [h.name, h.value]),
    body: bodyOf(request.postData),
    endpoint: entry._porthole?.endpoint ?? null,
  };
}

const checkHar = validator(HarImportFile);

export function isHar(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'log' in value;
}

/** Raw requests, in file order; each is checked by the caller. */
export function harRequests(value: unknown): { where: string; read: () => ImportedRequest }[] {
  const har = parseOrImportError(checkHar, value, 'the HAR file');
  return har.log.entries.map((entry, i) => ({ where: `HAR entry ${i + 1}`, read: () => toRequest(entry) }));
}
