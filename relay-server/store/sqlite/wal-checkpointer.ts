// The main thread's handle on the checkpoint thread (see wal-checkpointer-worker.ts).
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from './module-worker.js';
import type { Durability } from './sqlite-relay-store.js';
import type { CheckpointerReply, CheckpointerRequest } from './wal-checkpointer-worker.js';

export class WalCheckpointer {
  private readonly worker: Worker;
  private exited = false;

  constructor(dataDir: string, durability: Durability, onError: (err: Error) => void) {
    this.worker = startModuleWorker('wal-checkpointer-worker', { dataDir, durability });
    this.worker.on('error', onError);
    this.worker.on('exit', () => {
      this.exited = true;
    });
  }

  /** Stops the passes and closes the thread's connection. */
  async close(): Promise<void> {
    if (this.exited) return;
    const closed = new Promise<void>((resolve) => {
      this.worker.on('message', (reply: CheckpointerReply) => {
        if (reply.type === 'closed') resolve();
      });
      this.worker.once('exit', () => resolve());
    });
    this.worker.postMessage({ type: 'close' } satisfies CheckpointerRequest);
    await closed;
    await this.worker.terminate();
  }
}
