// RelayStore on one SQLite file in WAL mode. better-sqlite3 is synchronous; the async
// interface is kept so a networked engine can stand in without touching the callers.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DoorVault } from '../../../protocol/crypto/door-vault.js';
import type { SecretBox } from '../../../protocol/crypto/secret-box.js';
import type { DoorFindings } from '../../../protocol/endpoint-door.js';
import type {
  BufferStats,
  DeviceRecord,
  EndpointPatch,
  EndpointRecord,
  NewEventRecord,
  RedeemResult,
  RelayStore,
  RepeatedEvent,
  RetentionCounts,
  StoredEventRecord,
  UserRecord,
  WriteResult,
} from '../relay-store.js';
import { EventWriter } from './event-writer.js';
import { migrate } from './migrations.js';
import { SqliteAlertStore } from './sqlite-alert-store.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export type Durability = 'full' | 'normal';

interface EndpointRow {
  id: string;
  user_id: string;
  name: string;
  key: string;
  enabled: number;
  max_body_bytes: number;
  door: string;
  revision: number;
  created_at: number;
  updated_at: number;
}

interface DeviceRow {
  id: string;
  user_id: string;
  name: string;
  token_hash: Buffer;
  acked_seq: number;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
}

interface EventRow {
  user_id: string;
  seq: number;
  id: string;
  endpoint_id: string;
  endpoint_name: string;
  method: string;
  path: string;
  query: string;
  headers: string;
  body: Buffer;
  source_ip: string;
  received_at: number;
  outcome: 'accepted' | 'rejected';
  reject_reason: string | null;
  findings: string | null;
  idempotency_key: string | null;
  repeats: number;
  last_repeat_at: number | null;
}

/** The row with its door config opened (see DoorVault). */
const toEndpoint = async (r: EndpointRow, vault: DoorVault): Promise<EndpointRecord> => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  key: r.key,
  enabled: r.enabled === 1,
  maxBodyBytes: r.max_body_bytes,
  door: await vault.open(r.id, r.door),
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toDevice = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  tokenHash: r.token_hash,
  ackedSeq: r.acked_seq,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  revokedAt: r.revoked_at,
});

const toEvent = (r: EventRow): StoredEventRecord => ({
  id: r.id,
  seq: r.seq,
  userId: r.user_id,
  endpointId: r.endpoint_id,
  endpointName: r.endpoint_name,
  method: r.method,
  path: r.path,
  query: r.query,
  headers: JSON.parse(r.headers) as [string, string][],
  body: r.body,
  sourceIp: r.source_ip,
  receivedAt: r.received_at,
  outcome: r.outcome,
  rejectReason: r.reject_reason,
  findings: r.findings === null ? null : (JSON.parse(r.findings) as DoorFindings),
  idempotencyKey: r.idempotency_key,
  repeats: r.repeats,
  lastRepeatAt: r.last_repeat_at,
});

const isUniqueViolation = (err: unknown, column: string): boolean =>
  err instanceof Error &&
  (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
  err.message.includes(column);

export function relayDatabasePath(dataDir: string): string {
  return path.join(dataDir, 'relay.sqlite');
}

/** Opens (creating and migrating) the relay database, and proves the durability pragmas took. */
export function openRelayDatabase(dataDir: string, durability: Durability = 'full'): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = relayDatabasePath(dataDir);
  const db = new Database(file);
  // Owner-only: the file holds token hashes and, later, encrypted secrets. SQLite gives the
  // -wal and -shm files the same permissions.
  fs.chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const journal = db.pragma('journal_mode', { simple: true });
  const sync = db.pragma('synchronous', { simple: true });
  const wantSync = durability === 'full' ? 2 : 1;
  if (journal !== 'wal' || sync !== wantSync) {
    db.close();
    throw new Error(`SQLite refused the durability settings: journal_mode=${journal}, synchronous=${sync}`);
  }
  migrate(db);
  return db;
}

/** SQLite's default: checkpoint after a commit once the WAL holds this many pages. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * Opens the relay's store. Event batches are committed on this connection, on the main
 * thread: on 2 cores that measured faster than a writer thread (no hand-over between
 * threads for each batch), up to 1.6x at concurrency 1. With `checkpointThread` (a serving
 * relay), WAL checkpoints run on a thread of their own, so commits never wait for them;
 * one-shot commands (invites) checkpoint inline as SQLite does by default.
 */
export function openSqliteRelayStore(
  dataDir: string,
  durability: Durability,
  options: { checkpointThread: boolean },
): SqliteRelayStore {
  const db = openRelayDatabase(dataDir, durability);
  if (!options.checkpointThread) return new SqliteRelayStore(db);
  db.pragma('wal_autocheckpoint = 0');
  // Should the checkpoint thread die, commits checkpoint again, so the WAL stays bounded.
  const checkpointer = new WalCheckpointer(dataDir, durability, () =>
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`),
  );
  return new SqliteRelayStore(db, checkpointer);
}

const ENDPOINT_CACHE_LIMIT = 10_000;

export class SqliteRelayStore implements RelayStore {
  readonly kind = 'sqlite';
  readonly alerts: SqliteAlertStore;
  private readonly s;
  private readonly writer: EventWriter;
  /** Every webhook looks its endpoint up by key; cleared on any endpoint write. */
  private readonly endpointsByKey = new Map<string, EndpointRecord>();
  /** Bumped by every endpoint write, so a lookup that read before it never caches after it. */
  private endpointWrites = 0;
  /** Seals door configs before they are written and opens them after they are read. */
  private vault: DoorVault | null = null;
  /** Running totals of the buffer, counted once at start and kept up to date after. */
  private totals: BufferStats | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly checkpointer?: WalCheckpointer,
  ) {
    this.writer = new EventWriter(db);
    this.alerts = new SqliteAlertStore(db);
    const p = <T = unknown>(sql: string) => db.prepare<unknown[], T>(sql);
    this.s = {
      getMeta: p<{ value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      userByName: p<{ id: string; name: string; last_seq: number; created_at: number }>(
        'SELECT * FROM users WHERE name = ?',
      ),
      userById: p<{ id: string; name: string; last_seq: number; created_at: number }>(
        'SELECT * FROM users WHERE id = ?',
      ),
      listUsers: p<{ id: string; name: string; last_seq: number; created_at: number }>(
        'SELECT * FROM users ORDER BY name',
      ),
      insertUser: p('INSERT INTO users (id, name, last_seq, created_at) VALUES (?, ?, ?, ?)'),
      insertInvite: p('INSERT INTO invites (code_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)'),
      inviteByHash: p<{ user_id: string; expires_at: number; used_at: number | null }>(
        'SELECT user_id, expires_at, used_at FROM invites WHERE code_hash = ?',
      ),
      useInvite: p('UPDATE invites SET used_at = ? WHERE code_hash = ? AND used_at IS NULL'),
      insertDevice: p(
        'INSERT INTO devices (id, user_id, name, token_hash, acked_seq, created_at, last_seen_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      deviceById: p<DeviceRow>('SELECT * FROM devices WHERE id = ?'),
      devicesOfUser: p<DeviceRow>('SELECT * FROM devices WHERE user_id = ? ORDER BY created_at'),
      revokeDevice: p('UPDATE devices SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL'),
      ackDevice: p('UPDATE devices SET acked_seq = MAX(acked_seq, ?), last_seen_at = ? WHERE id = ?'),
      touchDevice: p('UPDATE devices SET last_seen_at = ? WHERE id = ?'),
      endpointsOfUser: p<EndpointRow>('SELECT * FROM endpoints WHERE user_id = ? ORDER BY created_at, id'),
      endpointById: p<EndpointRow>('SELECT * FROM endpoints WHERE user_id = ? AND id = ?'),
      endpointByKey: p<EndpointRow>('SELECT * FROM endpoints WHERE key = ?'),
      insertEndpoint: p(
        'INSERT INTO endpoints (id, user_id, name, key, enabled, max_body_bytes, door, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      updateEndpoint: p(
        'UPDATE endpoints SET name = ?, key = ?, enabled = ?, max_body_bytes = ?, door = ?, revision = revision + 1, updated_at = ? WHERE user_id = ? AND id = ?',
      ),
      deleteEndpoint: p('DELETE FROM endpoints WHERE user_id = ? AND id = ?'),
      eventByIdempotencyKey: p<{ id: string; repeats: number; last_repeat_at: number | null }>(
        'SELECT id, repeats, last_repeat_at FROM events WHERE endpoint_id = ? AND idempotency_key = ?',
      ),
      readEvents: p<EventRow>('SELECT * FROM events WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
      oldestSeq: p<{ seq: number | null }>('SELECT MIN(seq) AS seq FROM events WHERE user_id = ?'),
      deleteDelivered: p<{ body_size: number }>(
        `DELETE FROM events WHERE received_at < ? AND seq <= (
           SELECT MIN(d.acked_seq) FROM devices d WHERE d.user_id = events.user_id AND d.revoked_at IS NULL)
         RETURNING body_size`,
      ),
      deleteExpired: p<{ body_size: number }>('DELETE FROM events WHERE received_at < ? RETURNING body_size'),
      bufferStats: p<{ events: number; bytes: number | null }>(
        'SELECT COUNT(*) AS events, SUM(body_size) AS bytes FROM events',
      ),
      oldestEvents: p<{ user_id: string; seq: number; body_size: number }>(
        'SELECT user_id, seq, body_size FROM events ORDER BY received_at, seq LIMIT ?',
      ),
      deleteEvent: p('DELETE FROM events WHERE user_id = ? AND seq = ?'),
      ackLag: p<{ device_id: string; user_id: string; lag: number }>(
        `SELECT d.id AS device_id, d.user_id, MAX(u.last_seq - d.acked_seq, 0) AS lag
           FROM devices d JOIN users u ON u.id = d.user_id WHERE d.revoked_at IS NULL`,
      ),
    };
  }

  async getMeta(key: string): Promise<string | null> {
    return this.s.getMeta.get(key)?.value ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.s.setMeta.run(key, value);
  }

  async findUserByName(name: string): Promise<UserRecord | null> {
    const r = this.s.userByName.get(name);
    return r ? { id: r.id, name: r.name, lastSeq: r.last_seq, createdAt: r.created_at } : null;
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const r = this.s.userById.get(id);
    return r ? { id: r.id, name: r.name, lastSeq: r.last_seq, createdAt: r.created_at } : null;
  }

  async createUser(user: UserRecord): Promise<void> {
    this.s.insertUser.run(user.id, user.name, user.lastSeq, user.createdAt);
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.s.listUsers
      .all()
      .map((r) => ({ id: r.id, name: r.name, lastSeq: r.last_seq, createdAt: r.created_at }));
  }

  async createInvite(invite: { codeHash: string; userId: string; expiresAt: number; createdAt: number }) {
    this.s.insertInvite.run(invite.codeHash, invite.userId, invite.expiresAt, invite.createdAt);
  }

  async redeemInvite(codeHash: string, now: number, device: Omit<DeviceRecord, 'userId'>): Promise<RedeemResult> {
    return this.db
      .transaction((): RedeemResult => {
        const invite = this.s.inviteByHash.get(codeHash);
        if (!invite) return { ok: false, reason: 'invalid' };
        if (invite.used_at !== null) return { ok: false, reason: 'used' };
        if (invite.expires_at <= now) return { ok: false, reason: 'expired' };
        this.s.useInvite.run(now, codeHash);
        this.s.insertDevice.run(
          device.id,
          invite.user_id,
          device.name,
          device.tokenHash,
          device.ackedSeq,
          device.createdAt,
          device.lastSeenAt,
          device.revokedAt,
        );
        const user = this.s.userById.get(invite.user_id)!;
        return {
          ok: true,
          user: { id: user.id, name: user.name, lastSeq: user.last_seq, createdAt: user.created_at },
          device: { ...device, userId: invite.user_id },
        };
      })
      .immediate();
  }

  async getDevice(id: string): Promise<DeviceRecord | null> {
    const r = this.s.deviceById.get(id);
    return r ? toDevice(r) : null;
  }

  async listDevices(userId: string): Promise<DeviceRecord[]> {
    return this.s.devicesOfUser.all(userId).map(toDevice);
  }

  async revokeDevice(userId: string, deviceId: string, now: number): Promise<boolean> {
    return this.s.revokeDevice.run(now, deviceId, userId).changes === 1;
  }

  async ackDevices(acks: { deviceId: string; seq: number }[], now: number): Promise<void> {
    this.db.transaction(() => {
      for (const a of acks) this.s.ackDevice.run(a.seq, now, a.deviceId);
    })();
  }

  async touchDevice(deviceId: string, now: number): Promise<void> {
    this.s.touchDevice.run(now, deviceId);
  }

  /**
   * Door configs hold signing secrets: they are stored sealed under this box (the relay's
   * master key, set at start-up). Until it is set, endpoints can be neither read nor written.
   */
  setSecretBox(box: SecretBox): void {
    this.vault = new DoorVault(box, ENDPOINT_CACHE_LIMIT);
    this.alerts.setSecretBox(box);
  }

  private doors(): DoorVault {
    if (!this.vault) throw new Error('the relay store has no secret box: endpoints cannot be read or written');
    return this.vault;
  }

  async listEndpoints(userId: string): Promise<EndpointRecord[]> {
    const vault = this.doors();
    return Promise.all(this.s.endpointsOfUser.all(userId).map((r) => toEndpoint(r, vault)));
  }

  async getEndpoint(userId: string, id: string): Promise<EndpointRecord | null> {
    const vault = this.doors();
    const r = this.s.endpointById.get(userId, id);
    return r ? toEndpoint(r, vault) : null;
  }

  async findEndpointByKey(key: string): Promise<EndpointRecord | null> {
    const cached = this.endpointsByKey.get(key);
    if (cached) return cached;
    const vault = this.doors();
    const writes = this.endpointWrites;
    const r = this.s.endpointByKey.get(key);
    if (!r) return null;
    const endpoint = await toEndpoint(r, vault);
    // Written while the door config was opening: this copy may be stale, so it is not kept.
    if (writes !== this.endpointWrites) return endpoint;
    if (this.endpointsByKey.size >= ENDPOINT_CACHE_LIMIT) this.endpointsByKey.clear();
    this.endpointsByKey.set(key, endpoint);
    return endpoint;
  }

  async createEndpoint(e: EndpointRecord): Promise<WriteResult<EndpointRecord>> {
    // Sealed before the write: the opened config never reaches SQLite.
    const door = await this.doors().seal(e.id, e.door);
    this.endpointWrites++;
    try {
      this.s.insertEndpoint.run(
        e.id,
        e.userId,
        e.name,
        e.key,
        e.enabled ? 1 : 0,
        e.maxBodyBytes,
        door,
        e.revision,
        e.createdAt,
        e.updatedAt,
      );
      return { ok: true, value: e };
    } catch (err) {
      if (isUniqueViolation(err, 'endpoints.user_id, endpoints.name')) return { ok: false, reason: 'name_taken' };
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return { ok: false, reason: 'id_taken' };
      throw err;
    }
  }

  async updateEndpoint(
    userId: string,
    id: string,
    expectedRevision: number | null,
    patch: EndpointPatch & { key?: string },
    now: number,
  ): Promise<WriteResult<EndpointRecord>> {
    const vault = this.doors();
    // Sealing is async and the transaction is not: seal first. The vault remembers the new
    // text as opened, so the row read back below opens without decrypting.
    const sealedDoor = patch.door ? await vault.seal(id, patch.door) : null;
    type Outcome =
      | { ok: true; row: EndpointRow }
      | { ok: false; reason: 'not_found' | 'name_taken' }
      | { ok: false; reason: 'conflict'; row: EndpointRow };
    this.endpointWrites++;
    const outcome = this.db
      .transaction((): Outcome => {
        const row = this.s.endpointById.get(userId, id);
        if (!row) return { ok: false, reason: 'not_found' };
        if (expectedRevision !== null && expectedRevision !== row.revision) {
          return { ok: false, reason: 'conflict', row };
        }
        try {
          this.s.updateEndpoint.run(
            patch.name ?? row.name,
            patch.key ?? row.key,
            (patch.enabled ?? row.enabled === 1) ? 1 : 0,
            patch.maxBodyBytes ?? row.max_body_bytes,
            sealedDoor ?? row.door,
            now,
            userId,
            id,
          );
        } catch (err) {
          if (isUniqueViolation(err, 'endpoints.user_id, endpoints.name')) return { ok: false, reason: 'name_taken' };
          throw err;
        }
        return { ok: true, row: this.s.endpointById.get(userId, id)! };
      })
      .immediate();
    this.endpointsByKey.clear();
    if (outcome.ok) return { ok: true, value: await toEndpoint(outcome.row, vault) };
    if (outcome.reason === 'conflict') {
      return { ok: false, reason: 'conflict', current: await toEndpoint(outcome.row, vault) };
    }
    return outcome;
  }

  async deleteEndpoint(userId: string, id: string): Promise<boolean> {
    this.endpointWrites++;
    const deleted = this.s.deleteEndpoint.run(userId, id).changes === 1;
    this.endpointsByKey.clear();
    return deleted;
  }

  async insertEvents(events: NewEventRecord[]): Promise<number[]> {
    const seqs = this.writer.writeBatch(events);
    if (this.totals) {
      for (const [i, e] of events.entries()) {
        if (seqs[i] === 0) continue; // a duplicate: not stored
        this.totals.events += 1;
        this.totals.bytes += e.body.length;
      }
    }
    return seqs;
  }

  async findRepeatedEvent(endpointId: string, key: string): Promise<RepeatedEvent | null> {
    const row = this.s.eventByIdempotencyKey.get(endpointId, key);
    return row ? { id: row.id, repeats: row.repeats, lastRepeatAt: row.last_repeat_at } : null;
  }

  async readEvents(userId: string, afterSeq: number, limit: number): Promise<StoredEventRecord[]> {
    return this.s.readEvents.all(userId, afterSeq, limit).map(toEvent);
  }

  async oldestSeq(userId: string): Promise<number> {
    return this.s.oldestSeq.get(userId)?.seq ?? 0;
  }

  async applyRetention(
    now: number,
    policy: { graceMs: number; ttlMs: number; maxBytes: number },
  ): Promise<RetentionCounts> {
    const totals = this.currentTotals();
    const remove = (rows: { body_size: number }[]) => {
      totals.events -= rows.length;
      for (const r of rows) totals.bytes -= r.body_size;
      return rows.length;
    };
    return this.db
      .transaction((): RetentionCounts => {
        const delivered = remove(this.s.deleteDelivered.all(now - policy.graceMs));
        const expired = remove(this.s.deleteExpired.all(now - policy.ttlMs));
        let evicted = 0;
        while (totals.bytes > policy.maxBytes) {
          const victims = this.s.oldestEvents.all(500);
          if (victims.length === 0) break;
          for (const v of victims) {
            if (totals.bytes <= policy.maxBytes) break;
            this.s.deleteEvent.run(v.user_id, v.seq);
            evicted += remove([v]);
          }
        }
        return { delivered, expired, evicted };
      })
      .immediate();
  }

  async bufferStats(): Promise<BufferStats> {
    return { ...this.currentTotals() };
  }

  private currentTotals(): BufferStats {
    if (!this.totals) {
      const r = this.s.bufferStats.get();
      this.totals = { events: r?.events ?? 0, bytes: r?.bytes ?? 0 };
    }
    return this.totals;
  }

  async ackLag(): Promise<{ deviceId: string; userId: string; lag: number }[]> {
    return this.s.ackLag.all().map((r) => ({ deviceId: r.device_id, userId: r.user_id, lag: r.lag }));
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }
}
