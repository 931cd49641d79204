// Versioned schema of the engine's local store; PRAGMA user_version records what ran.
import type Database from 'better-sqlite3';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE endpoints (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    key TEXT,
    url TEXT,
    enabled INTEGER NOT NULL,
    max_body_bytes INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    -- synced | pending | conflict | error; 'pending' rows carry the change to push
    sync_state TEXT NOT NULL,
    sync_op TEXT,
    sync_error TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE targets (
    id TEXT PRIMARY KEY,
    endpoint_id TEXT NOT NULL,
    url TEXT NOT NULL,
    filter TEXT NOT NULL,
    path_mode TEXT NOT NULL,
    headers TEXT NOT NULL,
    timeout_ms INTEGER NOT NULL,
    concurrency INTEGER NOT NULL,
    hold_while_down INTEGER NOT NULL,
    enabled INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX targets_endpoint ON targets(endpoint_id);

  CREATE TABLE events (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    seq INTEGER,
    endpoint_id TEXT NOT NULL,
    endpoint_name TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    headers TEXT NOT NULL,
    content_type TEXT,
    body BLOB NOT NULL,
    body_size INTEGER NOT NULL,
    source_ip TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    reject_reason TEXT,
    replay_of TEXT,
    replay_depth INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    last_duration_ms REAL
  );
  CREATE INDEX events_endpoint ON events(endpoint_id, rowid);
  CREATE INDEX events_method ON events(method, rowid);
  CREATE INDEX events_status ON events(last_status, rowid);
  CREATE INDEX events_replay_of ON events(replay_of) WHERE replay_of IS NOT NULL;

  -- Full-text index over path, header lines and text bodies; rows share events.rowid.
  CREATE VIRTUAL TABLE events_fts USING fts5(path, headers, body, content='', contentless_delete=1);

  CREATE TABLE attempts (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL,
    target_id TEXT,
    url TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    status INTEGER,
    response_headers TEXT NOT NULL,
    response_body BLOB NOT NULL,
    response_body_size INTEGER NOT NULL,
    response_truncated INTEGER NOT NULL,
    error_kind TEXT,
    error_message TEXT
  );
  CREATE INDEX attempts_event ON attempts(event_id, rowid);

  -- Deliveries still owed: written with the event, removed when delivered or given up.
  -- Surviving a crash is what makes "every stored event is forwarded" hold.
  -- AUTOINCREMENT: rowids order the queue and pages, so they must never be reused.
  CREATE TABLE forward_queue (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    enqueued_at INTEGER NOT NULL,
    UNIQUE (target_id, event_id)
  );
  CREATE INDEX forward_queue_target ON forward_queue(target_id, rowid);
  `,
  // A status class (5xx) is a range of last_status, which events_status returns in status
  // order, so a page sorted every match (3 s for 2xx at a million events). Keyed by class,
  // the matches come newest first and a page reads only its rows.
  `
  CREATE INDEX events_status_class ON events(last_status / 100, rowid);
  `,
  `
  -- What the endpoint enforces at the relay's door (DoorConfig), sealed: it holds signing
  -- secrets. '' is the default config.
  ALTER TABLE endpoints ADD COLUMN door TEXT NOT NULL DEFAULT '';
  `,
  `
  -- What the relay's door found on the event (DoorFindings as JSON; NULL when no check ran), and
  -- whether any check failed, kept apart so a list page never parses the findings.
  ALTER TABLE events ADD COLUMN findings TEXT;
  ALTER TABLE events ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- Redeliveries the relay stored as this one event (dedupe), and when the latest arrived (ms,
  -- relay clock); from the relay's repeat messages.
  ALTER TABLE events ADD COLUMN repeats INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE events ADD COLUMN last_repeat_at INTEGER;
  `,
  `
  -- Retention. A pinned event is never removed by it.
  ALTER TABLE events ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
  -- The removable events of an endpoint, oldest first, with their sizes: age is a range, the
  -- count and size limits walk it from the newest end without reading a row (bodies overflow).
  CREATE INDEX events_retention ON events(endpoint_id, received_at, rowid, body_size) WHERE pinned = 0;
  -- Removing an event removes its queue rows; the queue was indexed by target only.
  CREATE INDEX forward_queue_event ON forward_queue(event_id);

  -- Each endpoint's limits (NULL: none on that axis). Engine-local, never synced. An endpoint
  -- without a row gets DEFAULT_RETENTION; those that existed before keep everything.
  CREATE TABLE endpoint_retention (
    endpoint_id TEXT PRIMARY KEY,
    max_age_ms INTEGER,
    max_count INTEGER,
    max_bytes INTEGER
  );
  INSERT INTO endpoint_retention (endpoint_id) SELECT id FROM endpoints;
  `,
  // The filter language compares endpoint_name (endpoint=stripe) and received_at (received>-1h);
  // unindexed, each count and each page of a rare match read every event (0.5 to 0.7 s at a
  // million; indexed, 1 to 10 ms). Building both takes about 2 s at a million events.
  `
  CREATE INDEX events_endpoint_name ON events(endpoint_name, rowid);
  CREATE INDEX events_received ON events(received_at);
  `,
  // Alerts (app/alerts/): rules, the log of what fired and of every webhook try, and the durable
  // queue of tries still owed, so a restart loses no pending alert.
  `
  CREATE TABLE alert_rules (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    enabled INTEGER NOT NULL,
    runs_on TEXT NOT NULL,
    endpoint_id TEXT,
    condition TEXT NOT NULL,
    throttle_ms INTEGER NOT NULL,
    actions TEXT NOT NULL,
    retry_schedule TEXT NOT NULL,
    -- the Standard Webhooks key, sealed with the store key (label alert:<id>:secret)
    secret TEXT NOT NULL,
    revision INTEGER NOT NULL,
    state TEXT NOT NULL,
    state_reason TEXT,
    last_fired_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- relay rules: synced | pending (waiting to be pushed) | error
    sync_state TEXT NOT NULL,
    sync_error TEXT
  );

  CREATE TABLE alert_firings (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    rule_id TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    fired_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    event_id TEXT,
    suppressed INTEGER NOT NULL,
    test INTEGER NOT NULL
  );
  CREATE INDEX alert_firings_rule ON alert_firings(rule_id, rowid);

  CREATE TABLE alert_attempts (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    alert_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    action_index INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    status INTEGER,
    error TEXT,
    -- the first ALERT_RESPONSE_LOG_BYTES of the answer
    response_body TEXT NOT NULL,
    next_attempt_at INTEGER
  );
  CREATE INDEX alert_attempts_rule ON alert_attempts(rule_id, rowid);

  -- One row per webhook try still owed: the request as rendered when the rule fired (so every
  -- retry sends the same body), signed afresh at each try.
  CREATE TABLE alert_queue (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    action_index INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    url TEXT NOT NULL,
    method TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    UNIQUE (alert_id, action_index)
  );
  CREATE INDEX alert_queue_due ON alert_queue(due_at);
  `,
];

export function migrateEngineDatabase(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`this data dir was written by a newer Porthole (schema ${current}); upgrade Porthole`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
