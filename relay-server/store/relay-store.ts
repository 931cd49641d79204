// The relay's storage, behind one interface: SQLite is the embedded default; a networked
// engine (PostgreSQL) can implement the same contract for several relay instances.
// Every method is async so a networked engine fits without changing callers.
import type { DoorConfig, DoorFindings } from '../../protocol/endpoint-door.js';
import type { RelayAlertStore } from './alert-store.js';

export interface UserRecord {
  id: string;
  name: string;
  lastSeq: number;
  createdAt: number;
}

export interface DeviceRecord {
  id: string;
  userId: string;
  name: string;
  tokenHash: Buffer;
  ackedSeq: number;
  createdAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
}

export interface EndpointRecord {
  id: string;
  userId: string;
  name: string;
  key: string;
  enabled: boolean;
  maxBodyBytes: number;
  /**
   * Opened: the secrets in clear, for the door and the owner's API. The store keeps only
   * the sealed form (signing secrets encrypted under the master key) and seals on every write.
   */
  door: DoorConfig;
  revision: number;
  createdAt: number;
  updatedAt: number;
}

/** An event as the door captured it, before it has a sequence number. */
export interface NewEventRecord {
  id: string;
  userId: string;
  endpointId: string;
  endpointName: string;
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  body: Buffer;
  sourceIp: string;
  receivedAt: number;
  outcome: 'accepted' | 'rejected';
  rejectReason: string | null;
  /** What the door's signature and schema checks found; null or absent when it has none. */
  findings?: DoorFindings | null;
  /** idempotencyStorageKey() of the provider's key, when the endpoint dedupes; accepted events only. */
  idempotencyKey?: string | null;
}

export interface StoredEventRecord extends NewEventRecord {
  seq: number;
  /** Redeliveries of this event that were answered with its id instead of being stored. */
  repeats?: number;
  /** When the latest of those redeliveries arrived (ms); null when none did. */
  lastRepeatAt?: number | null;
}

/** A stored event a redelivery was counted on. */
export interface RepeatedEvent {
  id: string;
  repeats: number;
  lastRepeatAt: number | null;
}

export type EndpointPatch = Partial<Pick<EndpointRecord, 'name' | 'enabled' | 'maxBodyBytes' | 'door'>>;

export type WriteResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not_found' | 'conflict' | 'name_taken' | 'id_taken'; current?: EndpointRecord };

export type RedeemResult =
  | { ok: true; user: UserRecord; device: DeviceRecord }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' };

export interface RetentionCounts {
  /** Deleted after every device acked them and the grace period passed. */
  delivered: number;
  /** Deleted undelivered because they outlived the TTL. */
  expired: number;
  /** Deleted undelivered, oldest first, to respect the size cap. */
  evicted: number;
}

export interface BufferStats {
  events: number;
  bytes: number;
}

export interface RelayStore {
  readonly kind: string;
  /** Relay-side alert rules, their log and the queue of tries owed (see alert-store.ts). */
  readonly alerts: RelayAlertStore;

  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;

  findUserByName(name: string): Promise<UserRecord | null>;
  getUser(id: string): Promise<UserRecord | null>;
  createUser(user: UserRecord): Promise<void>;
  listUsers(): Promise<UserRecord[]>;

  createInvite(invite: { codeHash: string; userId: string; expiresAt: number; createdAt: number }): Promise<void>;
  /** Atomically marks the invite used and creates the device. */
  redeemInvite(codeHash: string, now: number, device: Omit<DeviceRecord, 'userId'>): Promise<RedeemResult>;

  getDevice(id: string): Promise<DeviceRecord | null>;
  listDevices(userId: string): Promise<DeviceRecord[]>;
  revokeDevice(userId: string, deviceId: string, now: number): Promise<boolean>;
  /** Stores cumulative acks in one transaction; never moves a cursor backwards. */
  ackDevices(acks: { deviceId: string; seq: number }[], now: number): Promise<void>;
  touchDevice(deviceId: string, now: number): Promise<void>;

  listEndpoints(userId: string): Promise<EndpointRecord[]>;
  getEndpoint(userId: string, id: string): Promise<EndpointRecord | null>;
  findEndpointByKey(key: string): Promise<EndpointRecord | null>;
  createEndpoint(endpoint: EndpointRecord): Promise<WriteResult<EndpointRecord>>;
  updateEndpoint(
    userId: string,
    id: string,
    expectedRevision: number | null,
    patch: EndpointPatch & { key?: string },
    now: number,
  ): Promise<WriteResult<EndpointRecord>>;
  deleteEndpoint(userId: string, id: string): Promise<boolean>;

  /** Commits the whole batch in one transaction and returns each event's sequence number. */
  /**
   * Commits the batch; each event's seq, or 0 for a duplicate (an event of the same endpoint
   * with the same idempotencyKey is retained, or is earlier in the batch): not stored, and
   * counted in the original's repeats, in the same transaction.
   */
  insertEvents(events: NewEventRecord[]): Promise<number[]>;
  /** The retained event of this endpoint with this idempotency key, with its repeat count, if any. */
  findRepeatedEvent(endpointId: string, key: string): Promise<RepeatedEvent | null>;
  readEvents(userId: string, afterSeq: number, limit: number): Promise<StoredEventRecord[]>;
  oldestSeq(userId: string): Promise<number>;

  applyRetention(now: number, policy: { graceMs: number; ttlMs: number; maxBytes: number }): Promise<RetentionCounts>;
  bufferStats(): Promise<BufferStats>;
  /** Per device: how many of its user's events it has not acked yet. */
  ackLag(): Promise<{ deviceId: string; userId: string; lag: number }[]>;

  close(): Promise<void>;
}
