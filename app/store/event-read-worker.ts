// The engine's store thread: lists and counts events on its own read-only connection, so a
// filter that reads every row (a body path nobody matches, at a million events) never stops
// the engine's own thread from forwarding, acking the relay or answering the UI. It also runs
// the WAL checkpoints (copying committed pages into the database file and fsyncing it), which
// otherwise fall on whichever commit crosses the WAL's size limit, on the engine's thread.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { FilterError } from '../../protocol/filter/filter-error.js';
import type { ReadRequest, ReadResponse } from './event-read-thread.js';
import { EventRepository } from './event-repository.js';

/** How often committed pages are copied over; PASSIVE passes never hold a commit up. */
const CHECKPOINT_INTERVAL_MS = 50;
/** WAL length (pages) past which it is reset even under constant writes: 128 MiB at 4 KiB pages. */
const RESTART_FRAMES = 32_768;

const { file, checkpoints } = workerData as { file: string; checkpoints: boolean };
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const events = new EventRepository(db);

let checkpointer: Database.Database | null = null;
let timer: ReturnType<typeof setInterval> | null = null;
if (checkpoints) {
  const writer = new Database(file, { fileMustExist: true });
  writer.pragma('busy_timeout = 5000');
  writer.pragma('synchronous = FULL');
  writer.pragma('wal_autocheckpoint = 0');
  checkpointer = writer;
  timer = setInterval(() => {
    try {
      const [pass] = writer.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
      if (pass && pass.log > RESTART_FRAMES) writer.pragma('wal_checkpoint(RESTART)');
    } catch {
      // Busy or closing: the next pass tries again.
    }
  }, CHECKPOINT_INTERVAL_MS);
}

parentPort!.on('message', (request: ReadRequest | { op: 'close' }) => {
  if (request.op === 'close') {
    if (timer) clearInterval(timer);
    // A last pass, so the file holds everything committed before the engine stops.
    try {
      checkpointer?.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // The engine's own close checkpoints too.
    }
    checkpointer?.close();
    db.close();
    parentPort!.postMessage({ closed: true });
    return;
  }
  let response: ReadResponse;
  try {
    const value =
      request.op === 'count'
        ? events.count(request.query, request.now)
        : events.list(request.query, request.before, request.limit, request.now);
    response = { id: request.id, ok: true, value };
  } catch (err) {
    response =
      err instanceof FilterError
        ? { id: request.id, ok: false, filter: { reason: err.reason, position: err.position } }
        : { id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(response);
});
