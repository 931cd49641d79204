// DesktopApi methods for endpoints and their targets.

import type { DoorVault } from '../../protocol/crypto/door-vault.js';
import { DesktopApiError, TARGET_DEFAULTS, type Target } from '../../protocol/desktop-api.js';
import { DEFAULT_DOOR_CONFIG } from '../../protocol/endpoint-door.js';
import { newId } from '../../protocol/ids.js';
import { DEFAULT_ENDPOINT_BODY_LIMIT, Endpoint } from '../../protocol/relay-api.js';
import type { DesktopHandlers } from '../desktop-api/desktop-handlers.js';
import type { EndpointSync, RelayAccess } from '../endpoints/endpoint-sync.js';
import type { TargetAgents } from '../forwarder/target-agents.js';
import { routingMatcher } from '../forwarder/target-filter.js';
import { type RelayHttpError, relayRequest } from '../relay/relay-http.js';
import { type EndpointRecord, toLocalEndpoint } from '../store/endpoint-repository.js';
import type { EngineStore } from '../store/engine-store.js';

type EndpointMethods = Pick<
  DesktopHandlers,
  | 'endpoints.list'
  | 'endpoints.create'
  | 'endpoints.update'
  | 'endpoints.regenerate'
  | 'endpoints.delete'
  | 'targets.list'
  | 'targets.create'
  | 'targets.update'
  | 'targets.delete'
>;

export function endpointHandlers(deps: {
  store: EngineStore;
  doors: DoorVault;
  sync: EndpointSync;
  agents: TargetAgents;
  access: () => RelayAccess | null;
  now: () => number;
  changed: () => void;
  /** An endpoint's retention limits changed: clean up now. */
  retentionChanged: () => void;
}): EndpointMethods {
  const { store, doors } = deps;
  const view = async (e: EndpointRecord, counts = store.events.countByEndpoint()) =>
    toLocalEndpoint(e, await doors.open(e.id, e.sealedDoor), counts.get(e.id) ?? 0, store.retention.get(e.id));
  const find = (id: string) => {
    const e = store.endpoints.get(id);
    if (!e || e.deleted) throw new DesktopApiError('not_found', `no endpoint ${id}`);
    return e;
  };
  const nameFree = (name: string, except?: string) => {
    const other = store.endpoints.findByName(name);
    if (other && other.id !== except) throw new DesktopApiError('conflict', `an endpoint named "${name}" exists`);
  };
  /** Saves a local change as pending and tries to push it at once; offline it waits. */
  const saveAndPush = async (e: EndpointRecord) => {
    store.endpoints.save(e);
    deps.changed();
    await deps.sync.push();
    deps.changed();
    // A new endpoint whose name the relay already had is merged into that one, under its id.
    return view(store.endpoints.get(e.id) ?? store.endpoints.findByName(e.name) ?? e);
  };
  const findTarget = (id: string) => {
    const t = store.targets.get(id);
    if (!t) throw new DesktopApiError('not_found', `no target ${id}`);
    return t;
  };

  return {
    'endpoints.list': async () => {
      const counts = store.events.countByEndpoint();
      return { endpoints: await Promise.all(store.endpoints.list().map((e) => view(e, counts))) };
    },
    'endpoints.create': async ({ name, maxBodyBytes, door }) => {
      nameFree(name);
      const now = deps.now();
      const id = newId('ep', now);
      // Sealed before anything is saved: the store never sees the secrets in clear.
      const sealedDoor = await doors.seal(id, door ?? DEFAULT_DOOR_CONFIG);
      nameFree(name);
      return saveAndPush({
        id,
        name,
        key: null,
        url: null,
        enabled: true,
        maxBodyBytes: maxBodyBytes ?? DEFAULT_ENDPOINT_BODY_LIMIT,
        sealedDoor,
        revision: 0,
        syncState: 'pending',
        syncOp: 'create',
        syncError: null,
        deleted: false,
        updatedAt: now,
      });
    },
    'endpoints.update': async ({ id, door, retention, ...patch }) => {
      const before = find(id);
      // Retention is this engine's alone: saved here, never pushed; alone it leaves sync be.
      if (retention) {
        store.retention.set(id, retention);
        deps.retentionChanged();
        if (door === undefined && Object.values(patch).every((v) => v === undefined)) {
          deps.changed();
          return view(before);
        }
      }
      if (patch.name !== undefined) nameFree(patch.name, id);
      const sealedDoor = door ? await doors.seal(id, door, before.sealedDoor) : null;
      // Read again after sealing: the record may have changed meanwhile (a sync).
      const e = find(id);
      if (patch.name !== undefined) nameFree(patch.name, id);
      return saveAndPush({
        ...e,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
        sealedDoor: sealedDoor ?? e.sealedDoor,
        syncState: 'pending',
        syncOp: e.syncOp === 'create' ? 'create' : 'update',
        syncError: null,
        updatedAt: deps.now(),
      });
    },
    'endpoints.regenerate': async ({ id }) => {
      const e = find(id);
      const access = deps.access();
      if (!access || e.key === null) {
        throw new DesktopApiError('unavailable', 'a new URL comes from the relay: connect to it first');
      }
      try {
        const remote = await relayRequest(
          access.relayUrl,
          access.token,
          'POST',
          `/api/endpoints/${id}/regenerate`,
          Endpoint,
          {},
        );
        await deps.sync.adopt(remote);
      } catch (err) {
        throw new DesktopApiError('relay_error', (err as RelayHttpError).message);
      }
      deps.changed();
      return view(find(id));
    },
    'endpoints.delete': async ({ id }) => {
      const e = find(id);
      for (const t of store.targets.forEndpoint(id)) {
        store.targets.remove(t.id);
        store.queue.dropTarget(t.id);
        deps.agents.release(t.id);
      }
      if (e.key === null) store.endpoints.remove(id);
      else await saveAndPush({ ...e, deleted: true, syncState: 'pending', syncOp: 'delete', updatedAt: deps.now() });
      deps.changed();
      return {};
    },
    'targets.list': async ({ endpointId }) => {
      find(endpointId);
      return { targets: store.targets.forEndpoint(endpointId) };
    },
    'targets.create': async ({ endpointId, ...fields }) => {
      find(endpointId);
      const target: Target = {
        ...TARGET_DEFAULTS,
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
        id: newId('tgt', deps.now()),
        endpointId,
        url: fields.url,
      };
      // A routing expression that does not parse is refused here, with its position.
      if (target.filter.expression) routingMatcher(target.filter.expression);
      store.targets.save(target, deps.now());
      return target;
    },
    'targets.update': async ({ id, ...patch }) => {
      const current = findTarget(id);
      const target: Target = {
        ...current,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      };
      if (target.filter.expression) routingMatcher(target.filter.expression);
      store.targets.save(target, deps.now());
      if (target.concurrency !== current.concurrency || !target.enabled) deps.agents.release(id);
      return target;
    },
    'targets.delete': async ({ id }) => {
      findTarget(id);
      store.targets.remove(id);
      store.queue.dropTarget(id);
      deps.agents.release(id);
      return {};
    },
  };
}
