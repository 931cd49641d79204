// The API's view of an endpoint: the stored record plus its permanent URL.
import type { Endpoint } from '../../protocol/relay-api.js';
import type { EndpointRecord } from '../store/relay-store.js';

export function endpointUrl(publicUrl: string, key: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/h/${key}`;
}

export function toEndpointView(e: EndpointRecord, publicUrl: string): Endpoint {
  return {
    id: e.id,
    name: e.name,
    key: e.key,
    url: endpointUrl(publicUrl, e.key),
    enabled: e.enabled,
    maxBodyBytes: e.maxBodyBytes,
    door: e.door,
    revision: e.revision,
    createdAt: new Date(e.createdAt).toISOString(),
    updatedAt: new Date(e.updatedAt).toISOString(),
  };
}
