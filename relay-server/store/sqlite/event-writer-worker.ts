// The relay's event writer on its own thread and SQLite connection: commits (and their
// fsyncs and WAL checkpoints) happen here, so the main thread keeps reading sockets while
// a batch is being made durable.
import { parentPort, workerData } from 'node:worker_threads';
import type { NewEventRecord } from '../relay-store.js';
import { EventWriter } from './event-writer.js';
import { type Durability, openRelayDatabase } from './sqlite-relay-store.js';

export type WriterRequest = { type: 'write'; batchId: number; events: NewEventRecord[] } | { type: 'close' };
export type WriterReply =
  | { type: 'written'; batchId: number; seqs: number[] }
  | { type: 'failed'; batchId: number; message: string }
  | { type: 'closed' };

const { dataDir, durability } = workerData as { dataDir: string; durability: Durability };
const db = openRelayDatabase(dataDir, durability);
const writer = new EventWriter(db);
const port = parentPort!;

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    db.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
    return;
  }
  try {
    // Structured clone turns Buffers into Uint8Arrays; wrap them again without copying.
    const events = request.events.map((e) => ({
      ...e,
      body: Buffer.from(e.body.buffer, e.body.byteOffset, e.body.byteLength),
    }));
    port.postMessage({
      type: 'written',
      batchId: request.batchId,
      seqs: writer.writeBatch(events),
    } satisfies WriterReply);
  } catch (err) {
    port.postMessage({
      type: 'failed',
      batchId: request.batchId,
      message: (err as Error).message,
    } satisfies WriterReply);
  }
});
