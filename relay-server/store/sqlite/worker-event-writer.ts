// The main thread's handle on the writer thread: sends batches, resolves with their seqs.
import { Worker } from 'node:worker_threads';
import type { NewEventRecord } from '../relay-store.js';
import type { WriterReply, WriterRequest } from './event-writer-worker.js';
import type { Durability } from './sqlite-relay-store.js';

// From the TypeScript sources (tsx), the worker starts through a bootstrap that registers
// the loader in its thread; a compiled build loads the .js worker directly.
const fromSources = import.meta.url.endsWith('.ts');
const workerEntry = new URL(`./event-writer-worker${fromSources ? '.ts' : '.js'}`, import.meta.url);
const workerUrl = fromSources ? new URL('./ts-worker-bootstrap.mjs', import.meta.url) : workerEntry;

export class WorkerEventWriter {
  private readonly worker: Worker;
  private nextBatchId = 1;
  private readonly pending = new Map<number, { resolve: (seqs: number[]) => void; reject: (err: Error) => void }>();
  private failure: Error | null = null;

  constructor(dataDir: string, durability: Durability) {
    this.worker = new Worker(workerUrl, { workerData: { dataDir, durability, entry: workerEntry.href } });
    this.worker.on('message', (reply: WriterReply) => {
      if (reply.type === 'closed') return;
      const waiter = this.pending.get(reply.batchId);
      this.pending.delete(reply.batchId);
      if (reply.type === 'written') waiter?.resolve(reply.seqs);
      else waiter?.reject(new Error(reply.message));
    });
    const failAll = (err: Error) => {
      this.failure = err;
      for (const waiter of this.pending.values()) waiter.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`event writer thread exited (${code})`)));
  }

  write(events: NewEventRecord[]): Promise<number[]> {
    if (this.failure) return Promise.reject(this.failure);
    const batchId = this.nextBatchId++;
    return new Promise((resolve, reject) => {
      this.pending.set(batchId, { resolve, reject });
      this.worker.postMessage({ type: 'write', batchId, events } satisfies WriterRequest);
    });
  }

  /** Resolves after every batch already sent is answered and the thread has closed its connection. */
  async close(): Promise<void> {
    if (this.failure) return;
    const closed = new Promise<void>((resolve) => {
      this.worker.on('message', (reply: WriterReply) => {
        if (reply.type === 'closed') resolve();
      });
    });
    this.worker.postMessage({ type: 'close' } satisfies WriterRequest);
    await closed;
    await this.worker.terminate();
  }
}
