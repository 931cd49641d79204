// The engine's read thread: lists and counts events on its own read-only connection, so a
// filter that reads every row (a body path nobody matches, at a million events) never stops
// the engine's own thread from forwarding, acking the relay or answering the UI.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { FilterError } from '../../protocol/filter/filter-error.js';
import type { ReadRequest, ReadResponse } from './event-read-thread.js';
import { EventRepository } from './event-repository.js';

const db = new Database(workerData.file as string, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const events = new EventRepository(db);

parentPort!.on('message', (request: ReadRequest) => {
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
