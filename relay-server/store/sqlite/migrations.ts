// Versioned schema for the relay's SQLite file; PRAGMA user_version records what ran.
import type Database from 'better-sqlite3';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    last_seq INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE invites (
    code_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash BLOB NOT NULL,
    acked_seq INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER,
    revoked_at INTEGER
  );
  CREATE INDEX devices_user ON devices(user_id);
  CREATE TABLE endpoints (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    enabled INTEGER NOT NULL,
    max_body_bytes INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (user_id, name)
  );
  CREATE TABLE events (
    user_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL UNIQUE,
    endpoint_id TEXT NOT NULL,
    endpoint_name TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    body_size INTEGER NOT NULL,
    source_ip TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    reject_reason TEXT,
    UNIQUE (user_id, seq)
  );
  CREATE INDEX events_received_at ON events(received_at);
  `,
  `
  -- What the endpoint enforces at the door (DoorConfig), sealed under the relay's master key:
  -- it holds signing secrets. '' is the default config.
  ALTER TABLE endpoints ADD COLUMN door TEXT NOT NULL DEFAULT '';
  `,
  `
  -- What the door's signature and schema checks found (DoorFindings as JSON); NULL when none ran.
  ALTER TABLE events ADD COLUMN findings TEXT;
  `,
  `
  -- Duplicate detection (DoorConfig.dedupe): the provider's idempotency key as source:key, set
  -- on accepted events only, unique per endpoint among the events still retained; repeats
  -- counts the redeliveries answered with this event's id instead of being stored.
  ALTER TABLE events ADD COLUMN idempotency_key TEXT;
  ALTER TABLE events ADD COLUMN repeats INTEGER NOT NULL DEFAULT 0;
  CREATE UNIQUE INDEX events_idempotency ON events(endpoint_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  `,
  `
  -- When the latest redelivery counted in repeats arrived (ms), for the desktop to show.
  ALTER TABLE events ADD COLUMN last_repeat_at INTEGER;
  `,
  `
  -- Relay-side alert rules (evaluated here, so they fire while the desktop is shut). rule is
  -- the AlertRule as JSON without its secret; secret is sealed under the master key; the
  -- fingerprint (SHA-256 of the user's fields and secret) tells a repeated push from a rival edit.
  CREATE TABLE alert_rules (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    rule TEXT NOT NULL,
    secret TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    revision INTEGER NOT NULL,
    state TEXT NOT NULL,
    state_reason TEXT,
    last_fired_at INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX alert_rules_user ON alert_rules(user_id);
  CREATE TABLE alert_firings (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    fired_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    event_id TEXT,
    suppressed INTEGER NOT NULL,
    test INTEGER NOT NULL
  );
  CREATE INDEX alert_firings_user ON alert_firings(user_id, fired_at);
  CREATE INDEX alert_firings_rule ON alert_firings(rule_id, fired_at);
  CREATE TABLE alert_attempts (
    id TEXT PRIMARY KEY,
    alert_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    action_index INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    status INTEGER,
    error TEXT,
    response_body TEXT NOT NULL,
    next_attempt_at INTEGER
  );
  CREATE INDEX alert_attempts_alert ON alert_attempts(alert_id);
  -- Tries still owed, with the request rendered when the rule fired (the event may be gone by
  -- the last retry). A row is removed only in the transaction that logs its final attempt.
  CREATE TABLE alert_queue (
    alert_id TEXT NOT NULL,
    action_index INTEGER NOT NULL,
    rule_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    url TEXT NOT NULL,
    method TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (alert_id, action_index)
  );
  CREATE INDEX alert_queue_due ON alert_queue(due_at);
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `relay database schema version ${current} is newer than this relay understands (${MIGRATIONS.length}); upgrade Porthole`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
