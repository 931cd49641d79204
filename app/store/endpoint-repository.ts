// Endpoints as the engine knows them: the relay's copy plus local changes waiting to sync.
import type Database from 'better-sqlite3';
import { assertDoorSealed } from '../../protocol/crypto/door-vault.js';
import type { LocalEndpoint, SyncState } from '../../protocol/desktop-api.js';
import type { DoorConfig } from '../../protocol/endpoint-door.js';
import type { EndpointRetention } from '../../protocol/retention.js';

export type SyncOp = 'create' | 'update' | 'delete';

export interface EndpointRecord {
  id: string;
  name: string;
  key: string | null;
  url: string | null;
  enabled: boolean;
  maxBodyBytes: number;
  /**
   * The door config as stored: JSON with its signing secrets sealed under the engine's store
   * key ('' is the default config). Only DoorVault (protocol/crypto/door-vault.ts) makes or
   * opens it, so a record holding secrets in clear cannot be saved.
   */
  sealedDoor: string;
  revision: number;
  syncState: SyncState;
  syncOp: SyncOp | null;
  syncError: string | null;
  deleted: boolean;
  updatedAt: number;
}

interface EndpointRow {
  id: string;
  name: string;
  key: string | null;
  url: string | null;
  enabled: number;
  max_body_bytes: number;
  door: string;
  revision: number;
  sync_state: SyncState;
  sync_op: SyncOp | null;
  sync_error: string | null;
  deleted: number;
  updated_at: number;
}

const toRecord = (r: EndpointRow): EndpointRecord => ({
  id: r.id,
  name: r.name,
  key: r.key,
  url: r.url,
  enabled: r.enabled === 1,
  maxBodyBytes: r.max_body_bytes,
  sealedDoor: r.door,
  revision: r.revision,
  syncState: r.sync_state,
  syncOp: r.sync_op,
  syncError: r.sync_error,
  deleted: r.deleted === 1,
  updatedAt: r.updated_at,
});

/** `door` is `e.sealedDoor` opened. */
export function toLocalEndpoint(
  e: EndpointRecord,
  door: DoorConfig,
  eventCount: number,
  retention: EndpointRetention,
): LocalEndpoint {
  return {
    id: e.id,
    name: e.name,
    url: e.url,
    enabled: e.enabled,
    maxBodyBytes: e.maxBodyBytes,
    door,
    revision: e.revision,
    syncState: e.syncState,
    syncError: e.syncError,
    eventCount,
    retention,
  };
}

export class EndpointRepository {
  private readonly all;
  private readonly byId;
  private readonly byName;
  private readonly upsertStmt;
  private readonly deleteStmt;

  constructor(db: Database.Database) {
    this.all = db.prepare<[], EndpointRow>('SELECT * FROM endpoints ORDER BY name');
    this.byId = db.prepare<[string], EndpointRow>('SELECT * FROM endpoints WHERE id = ?');
    this.byName = db.prepare<[string], EndpointRow>('SELECT * FROM endpoints WHERE name = ? AND deleted = 0');
    this.upsertStmt = db.prepare(
      `INSERT INTO endpoints (id, name, key, url, enabled, max_body_bytes, door, revision, sync_state, sync_op, sync_error, deleted, updated_at)
       VALUES (@id, @name, @key, @url, @enabled, @maxBodyBytes, @door, @revision, @syncState, @syncOp, @syncError, @deleted, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, key = excluded.key, url = excluded.url,
         enabled = excluded.enabled, max_body_bytes = excluded.max_body_bytes, door = excluded.door, revision = excluded.revision,
         sync_state = excluded.sync_state, sync_op = excluded.sync_op, sync_error = excluded.sync_error,
         deleted = excluded.deleted, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM endpoints WHERE id = ?');
  }

  /** Every endpoint, including ones deleted locally whose deletion has not synced yet. */
  listAll(): EndpointRecord[] {
    return this.all.all().map(toRecord);
  }

  list(): EndpointRecord[] {
    return this.listAll().filter((e) => !e.deleted);
  }

  get(id: string): EndpointRecord | null {
    const r = this.byId.get(id);
    return r ? toRecord(r) : null;
  }

  findByName(name: string): EndpointRecord | null {
    const r = this.byName.get(name);
    return r ? toRecord(r) : null;
  }

  save(e: EndpointRecord) {
    const { sealedDoor, ...fields } = e;
    assertDoorSealed(sealedDoor, e.id);
    this.upsertStmt.run({ ...fields, door: sealedDoor, enabled: e.enabled ? 1 : 0, deleted: e.deleted ? 1 : 0 });
  }

  remove(id: string) {
    this.deleteStmt.run(id);
  }
}
