// Endpoints of the calling device's user: create, list, rename, enable/disable, regenerate
// the key (the old key answers 404 at once), delete. Writes carry a revision; stale ones get 409.
// A door config is checked beyond its schema before it is stored (400 with every reason).
import { DEFAULT_DOOR_CONFIG } from '../../protocol/endpoint-door.js';
import { newEndpointKey, newId } from '../../protocol/ids.js';
import { CreateEndpointRequest, RegenerateEndpointRequest, UpdateEndpointRequest } from '../../protocol/relay-api.js';
import type { ApiRouter } from '../http/api-router.js';
import { HttpError } from '../http/json-response.js';
import type { EndpointRecord, RelayStore, WriteResult } from '../store/relay-store.js';
import { assertDoorConfig } from './door-config-check.js';
import { toEndpointView } from './endpoint-view.js';

export function mountEndpointsApi(
  router: ApiRouter,
  deps: { store: RelayStore; publicUrl: () => string; now: () => number; defaultMaxBodyBytes: number },
) {
  const { store } = deps;
  const view = (e: EndpointRecord) => toEndpointView(e, deps.publicUrl());
  const unwrap = (result: WriteResult<EndpointRecord>, name?: string): EndpointRecord => {
    if (result.ok) return result.value;
    if (result.reason === 'not_found') throw new HttpError(404, 'endpoint_not_found', 'no such endpoint');
    if (result.reason === 'id_taken') throw new HttpError(409, 'id_taken', 'that endpoint id is already in use');
    if (result.reason === 'name_taken') {
      throw new HttpError(409, 'name_taken', `you already have an endpoint named "${name ?? ''}"`);
    }
    throw new HttpError(
      409,
      'revision_conflict',
      `the endpoint changed since revision you edited; it is now at revision ${result.current?.revision}`,
      { current: result.current ? view(result.current) : undefined },
    );
  };

  router
    .on('GET', '/api/endpoints', async (ctx) => {
      const device = await ctx.device();
      return { status: 200, body: { endpoints: (await store.listEndpoints(device.userId)).map(view) } };
    })
    .on('POST', '/api/endpoints', async (ctx) => {
      const device = await ctx.device();
      const req = await ctx.body(CreateEndpointRequest);
      if (req.door) assertDoorConfig(req.door);
      if (req.id) {
        const existing = await store.getEndpoint(device.userId, req.id);
        if (existing) return { status: 200, body: view(existing) };
      }
      const now = deps.now();
      const created = unwrap(
        await store.createEndpoint({
          id: req.id ?? newId('ep', now),
          userId: device.userId,
          name: req.name,
          key: newEndpointKey(),
          enabled: req.enabled ?? true,
          maxBodyBytes: req.maxBodyBytes ?? deps.defaultMaxBodyBytes,
          door: req.door ?? DEFAULT_DOOR_CONFIG,
          revision: 1,
          createdAt: now,
          updatedAt: now,
        }),
        req.name,
      );
      return { status: 201, body: view(created) };
    })
    .on('GET', '/api/endpoints/:id', async (ctx) => {
      const device = await ctx.device();
      const endpoint = await store.getEndpoint(device.userId, ctx.params['id']!);
      if (!endpoint) throw new HttpError(404, 'endpoint_not_found', 'no such endpoint');
      return { status: 200, body: view(endpoint) };
    })
    .on('PATCH', '/api/endpoints/:id', async (ctx) => {
      const device = await ctx.device();
      const { revision, ...patch } = await ctx.body(UpdateEndpointRequest);
      if (patch.door) assertDoorConfig(patch.door);
      const result = await store.updateEndpoint(device.userId, ctx.params['id']!, revision, patch, deps.now());
      return { status: 200, body: view(unwrap(result, patch.name)) };
    })
    .on('POST', '/api/endpoints/:id/regenerate', async (ctx) => {
      const device = await ctx.device();
      const { revision } = await ctx.body(RegenerateEndpointRequest);
      const result = await store.updateEndpoint(
        device.userId,
        ctx.params['id']!,
        revision ?? null,
        { key: newEndpointKey() },
        deps.now(),
      );
      return { status: 200, body: view(unwrap(result)) };
    })
    .on('DELETE', '/api/endpoints/:id', async (ctx) => {
      const device = await ctx.device();
      if (!(await store.deleteEndpoint(device.userId, ctx.params['id']!))) {
        throw new HttpError(404, 'endpoint_not_found', 'no such endpoint');
      }
      return { status: 204 };
    });
}
