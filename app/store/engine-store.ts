// The engine's local store: one SQLite connection and the repositories over it.
import type Database from 'better-sqlite3';
import { AttemptRepository } from './attempt-repository.js';
import { EndpointRepository } from './endpoint-repository.js';
import { openEngineDatabase } from './engine-database.js';
import { EventRepository } from './event-repository.js';
import { ForwardQueue } from './forward-queue.js';
import { RetentionRepository } from './retention-repository.js';
import { SettingsRepository } from './settings-repository.js';
import { TargetRepository } from './target-repository.js';

export class EngineStore {
  readonly events: EventRepository;
  readonly attempts: AttemptRepository;
  readonly endpoints: EndpointRepository;
  readonly targets: TargetRepository;
  readonly queue: ForwardQueue;
  readonly settings: SettingsRepository;
  readonly retention: RetentionRepository;

  constructor(readonly db: Database.Database) {
    this.events = new EventRepository(db);
    this.attempts = new AttemptRepository(db);
    this.endpoints = new EndpointRepository(db);
    this.targets = new TargetRepository(db);
    this.queue = new ForwardQueue(db);
    this.settings = new SettingsRepository(db);
    this.retention = new RetentionRepository(db);
  }

  static open(dataDir: string): EngineStore {
    return new EngineStore(openEngineDatabase(dataDir));
  }

  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * A write transaction committed without an fsync (WAL, synchronous NORMAL): atomic and kept
   * if the process dies, though a power loss may roll it back. Only for writes nobody was
   * promised were durable, whose loss is redone: a forward outcome lost that way leaves its
   * queue row, so the event is forwarded again. Ingest keeps `transaction`: the relay is
   * acked after it.
   */
  relaxedTransaction<T>(fn: () => T): T {
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.transaction(fn);
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  close() {
    if (this.db.open) this.db.close();
  }
}
