// Endpoints live in the local store and are synced with the relay: changes made offline
// are kept as pending and pushed when the relay answers; the relay's list is pulled on
// every connect. A stale write (409) is surfaced on the endpoint, never swallowed, and so is
// a refusal (400, e.g. a door config the relay cannot enforce), as the endpoint's sync error.
// Door configs are stored sealed: opened before a push, the relay's sealed before a save,
// always outside the store's (synchronous) transactions.
import type { DoorVault } from '../../protocol/crypto/door-vault.js';
import { Endpoint, EndpointList } from '../../protocol/relay-api.js';
import { RelayHttpError, relayRequest } from '../relay/relay-http.js';
import type { EndpointRecord } from '../store/endpoint-repository.js';
import type { EngineStore } from '../store/engine-store.js';

export interface RelayAccess {
  relayUrl: string;
  token: string;
}

export class EndpointSync {
  private pushing: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      store: EngineStore;
      doors: DoorVault;
      access: () => RelayAccess | null;
      now: () => number;
      changed: () => void;
    },
  ) {}

  /** Pushes pending local changes, then adopts the relay's view of everything else. */
  async sync(): Promise<void> {
    await this.push();
    await this.pull();
  }

  /** Pushes every pending change; concurrent calls share one run. */
  push(): Promise<void> {
    this.pushing ??= this.pushPending().finally(() => {
      this.pushing = null;
    });
    return this.pushing;
  }

  private async pushPending() {
    const access = this.deps.access();
    if (!access) return;
    for (const e of this.deps.store.endpoints.listAll()) {
      if (e.syncState !== 'pending' && e.syncState !== 'error') continue;
      try {
        await this.pushOne(access, e);
      } catch (err) {
        if (err instanceof RelayHttpError && err.code === 'unreachable') return;
        this.markFailed(e, err);
      }
      this.deps.changed();
    }
  }

  private async pushOne(access: RelayAccess, e: EndpointRecord) {
    const { store } = this.deps;
    if (e.syncOp === 'delete') {
      if (e.key !== null) {
        await relayRequest(access.relayUrl, access.token, 'DELETE', `/api/endpoints/${e.id}`, null).catch(
          (err: unknown) => {
            if (!(err instanceof RelayHttpError && err.status === 404)) throw err;
          },
        );
      }
      store.endpoints.remove(e.id);
      return;
    }
    const door = await this.deps.doors.open(e.id, e.sealedDoor);
    if (e.syncOp === 'create' || e.key === null) {
      try {
        const created = await relayRequest(access.relayUrl, access.token, 'POST', '/api/endpoints', Endpoint, {
          id: e.id,
          name: e.name,
          enabled: e.enabled,
          maxBodyBytes: e.maxBodyBytes,
          door,
        });
        await this.adopt(created);
      } catch (err) {
        if (!(err instanceof RelayHttpError && err.code === 'name_taken')) throw err;
        await this.mergeIntoExisting(access, e);
      }
      return;
    }
    try {
      const updated = await relayRequest(access.relayUrl, access.token, 'PATCH', `/api/endpoints/${e.id}`, Endpoint, {
        revision: e.revision,
        name: e.name,
        enabled: e.enabled,
        maxBodyBytes: e.maxBodyBytes,
        door,
      });
      await this.adopt(updated);
    } catch (err) {
      if (err instanceof RelayHttpError && err.status === 409) {
        const current = (err.details as { current?: { revision: number } } | undefined)?.current;
        store.endpoints.save({
          ...e,
          revision: current?.revision ?? e.revision,
          syncState: 'conflict',
          syncError: `${err.message}. Your change was kept here; edit the endpoint again to apply it on top.`,
        });
        return;
      }
      throw err;
    }
  }

  /**
   * Another device of this user already made an endpoint with this name: this one was never
   * synced, so it becomes that one (its targets move over) instead of failing.
   */
  private async mergeIntoExisting(access: RelayAccess, local: EndpointRecord) {
    const { endpoints } = await relayRequest(access.relayUrl, access.token, 'GET', '/api/endpoints', EndpointList);
    const remote = endpoints.find((r) => r.name === local.name);
    if (!remote) throw new Error(`the relay says "${local.name}" is taken but does not list it`);
    const { store } = this.deps;
    const adopted = await this.synced(remote);
    store.transaction(() => {
      store.targets.moveToEndpoint(local.id, remote.id);
      store.endpoints.remove(local.id);
      store.endpoints.save(adopted);
    });
  }

  private markFailed(e: EndpointRecord, err: unknown) {
    this.deps.store.endpoints.save({ ...e, syncState: 'error', syncError: (err as Error).message });
  }

  /** Stores the relay's copy of an endpoint as synced. */
  async adopt(remote: Endpoint) {
    const record = await this.synced(remote);
    this.deps.store.endpoints.save(record);
  }

  /**
   * The relay's copy as a local record, its door config sealed. An unchanged config keeps the
   * text already stored, so a pull rewrites nothing.
   */
  private async synced(remote: Endpoint): Promise<EndpointRecord> {
    const stored = this.deps.store.endpoints.get(remote.id)?.sealedDoor;
    return {
      id: remote.id,
      name: remote.name,
      key: remote.key,
      url: remote.url,
      enabled: remote.enabled,
      maxBodyBytes: remote.maxBodyBytes,
      sealedDoor: await this.deps.doors.seal(remote.id, remote.door, stored),
      revision: remote.revision,
      syncState: 'synced',
      syncOp: null,
      syncError: null,
      deleted: false,
      updatedAt: this.deps.now(),
    };
  }

  private async pull() {
    const access = this.deps.access();
    if (!access) return;
    let remote: EndpointList;
    try {
      remote = await relayRequest(access.relayUrl, access.token, 'GET', '/api/endpoints', EndpointList);
    } catch {
      return;
    }
    const { store } = this.deps;
    // Sealed first: the transaction below cannot wait.
    const adopted = new Map<string, EndpointRecord>();
    for (const r of remote.endpoints) adopted.set(r.id, await this.synced(r));
    const local = new Map(store.endpoints.listAll().map((e) => [e.id, e]));
    const pendingNames = new Set([...local.values()].filter((e) => e.syncState !== 'synced').map((e) => e.name));
    store.transaction(() => {
      for (const r of remote.endpoints) {
        const mine = local.get(r.id);
        // Local edits not yet accepted by the relay win until they are pushed.
        if (mine && mine.syncState !== 'synced') continue;
        // A local endpoint waiting to be created under this name is merged on its push.
        if (!mine && pendingNames.has(r.name)) continue;
        store.endpoints.save(adopted.get(r.id)!);
      }
      const remoteIds = new Set(remote.endpoints.map((r) => r.id));
      for (const e of local.values()) {
        if (e.syncState === 'synced' && !remoteIds.has(e.id)) store.endpoints.remove(e.id);
      }
    });
    this.deps.changed();
  }
}
