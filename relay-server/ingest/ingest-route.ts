// Splits `/h/{key}[/{subpath}][?query]` without decoding anything: the path and query are
// kept exactly as the sender wrote them.
import { isEndpointKey } from '../../protocol/ids.js';

export interface IngestTarget {
  key: string;
  path: string;
  query: string;
}

export function parseIngestUrl(rawUrl: string): IngestTarget | null {
  if (!rawUrl.startsWith('/h/')) return null;
  const q = rawUrl.indexOf('?');
  const pathPart = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = q === -1 ? '' : rawUrl.slice(q + 1);
  const rest = pathPart.slice(3);
  const slash = rest.indexOf('/');
  const key = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  return isEndpointKey(key) ? { key, path, query } : { key: '', path, query };
}
